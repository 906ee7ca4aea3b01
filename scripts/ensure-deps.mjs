// Installs npm dependencies when they are missing or older than the lockfile. Uses only Node
// built-ins, so it runs on a fresh clone before anything else is installed.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies() {
  const marker = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('[setup] installing npm dependencies (npm ci)…\n');
  execSync('npm ci --no-audit --no-fund', { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
}
