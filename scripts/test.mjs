// `npm test`: installs what is missing, then lint, typecheck, unit tests, and the integration
// and end-to-end tests (which bring up real Kafka, Postgres, SMTP and the six apps themselves).
import { spawnSync } from 'node:child_process';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

ensureDependencies();
const bin = (name) => `${repoRoot}/node_modules/.bin/${name}`;
const steps = [
  // The module-boundary lint rule reads Nx's project graph; without a computed graph it would
  // silently check nothing, so compute it first.
  ['project graph', bin('nx'), ['show', 'projects']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['unit tests', bin('jest'), ['-c', 'jest.unit.config.js', '--ci']],
  ['integration + e2e tests', bin('jest'), ['-c', 'jest.e2e.config.js', '--ci']],
];

const results = [];
for (const [name, command, args] of steps) {
  process.stderr.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (status !== 0 && !['unit tests', 'lint'].includes(name)) break;
}
process.stderr.write('\n=== summary ===\n');
for (const r of results) process.stderr.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds}s)\n`);
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
