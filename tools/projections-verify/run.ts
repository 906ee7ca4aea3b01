/**
 * `npm run projections:verify -- <identity|workspace|key-vault|all>`: checks that a service's read
 * tables equal a rebuild from its event store, changing nothing (docs/operations.md). Each
 * service's check lives in the service (tools import no app code); this runs it as a child
 * process with the same environment, so it reads the same `DATABASE_URL` / `STEWARD_DB_PREFIX`
 * as the services. `all` runs them one after the other. Each prints one JSON summary line on
 * stdout. Exit 0 when every one is equal, 1 when one differs (or could not run), 2 on a usage error.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

/** Service → its verify entry point. */
const VERIFIERS: Record<string, string> = {
  identity: 'apps/identity/src/verify-read-models.ts',
  workspace: 'apps/workspace/src/verify-read-models.ts',
  'key-vault': 'apps/key-vault/src/verify-read-models.ts',
};

let current: ReturnType<typeof spawn> | undefined;

function run(entry: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', entry], { cwd: repoRoot, env: process.env, stdio: 'inherit' });
    current = child;
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
  });
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const names = name === 'all' ? Object.keys(VERIFIERS) : name && VERIFIERS[name] ? [name] : [];
  if (names.length === 0 || rest.length) {
    process.stderr.write(`usage: npm run projections:verify -- <${[...Object.keys(VERIFIERS), 'all'].join('|')}>\n`);
    return 2;
  }
  const forward = (signal: NodeJS.Signals) => current?.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let worst = 0;
  for (const service of names) {
    const code = await run(VERIFIERS[service]);
    // An interrupted check stops the rest; a difference does not.
    if (code > 1) return code;
    worst = Math.max(worst, code);
  }
  return worst;
}

void main().then((code) => process.exit(code));
