// `npm test`: installs what is missing, then lint, typecheck, unit tests, and the integration
// and end-to-end tests (which bring up real Kafka, Postgres, SMTP and the six apps themselves).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

ensureDependencies();
const bin = (name) => `${repoRoot}/node_modules/.bin/${name}`;
const steps = [
  // The module-boundary lint rule reads Nx's project graph; without a computed graph it would
  // silently check nothing, so compute it first.
  ['project graph', bin('nx'), ['show', 'projects']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['unit tests', bin('jest'), ['-c', 'jest.unit.config.js', '--ci', ...jsonReport('unit')]],
  ['integration + e2e tests', bin('jest'), ['-c', 'jest.e2e.config.js', '--ci', ...jsonReport('e2e')]],
  // The chaos suite's short form (docs/reliability.md): 5 s of load around each fault, and it
  // never writes the figures into the docs (that is `npm run test:chaos`).
  ['chaos tests (short)', bin('jest'), ['-c', 'jest.chaos.config.js', '--ci', ...jsonReport('chaos')], { STEWARD_CHAOS_SECONDS: '5', STEWARD_CHAOS_REPORT: '0' }],
];

// Jest writes a machine-readable result per suite run; the totals make the closing line.
function jsonReport(name) {
  const dir = path.join(repoRoot, '.steward', 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  rmSync(file, { force: true });
  return ['--json', `--outputFile=${file}`];
}

function totals() {
  let passed = 0;
  let failed = 0;
  for (const name of ['unit', 'e2e', 'chaos']) {
    const file = path.join(repoRoot, '.steward', 'test-results', `${name}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  return { passed, failed };
}

const results = [];
for (const [name, command, args, env = {}] of steps) {
  process.stderr.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } });
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (status !== 0 && !['unit tests', 'lint'].includes(name)) break;
}
process.stderr.write('\n=== summary ===\n');
for (const r of results) process.stderr.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds}s)\n`);
const { passed, failed } = totals();
const ok = results.every((r) => r.ok) && results.length === steps.length;
// A failed step without failed tests (lint, typecheck, a setup error) still counts as a failure.
console.log(`${passed} passed, ${failed + (ok || failed > 0 ? 0 : 1)} failed`);
process.exit(ok ? 0 : 1);
