/**
 * `npm run projections:rebuild -- <projection>`: rebuilds a projection from the beginning, from
 * the event stores, into fresh tables and swaps them in while the stack keeps running
 * (docs/operations.md). Each projection's rebuild lives in its service (tools import no app
 * code); this runs it as a child process with the same environment, so it reads the same
 * `DATABASE_URL` / `STEWARD_DB_PREFIX` as the services.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

/** Projection name → its rebuild entry point. */
const REBUILDS: Record<string, string> = {
  audit: 'apps/audit/src/rebuild.ts',
  notification: 'apps/notification/src/rebuild.ts',
};

function main(): void {
  const [name, ...rest] = process.argv.slice(2);
  const entry = name ? REBUILDS[name] : undefined;
  if (!entry || rest.length) {
    process.stderr.write(`usage: npm run projections:rebuild -- <${Object.keys(REBUILDS).join('|')}>\n`);
    process.exit(2);
  }
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry], { cwd: repoRoot, env: process.env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
}

main();
