/**
 * docs/configuration.md lists every environment variable that an app, a lib, a tool, the infra
 * scripts or the tests read — found in the source, so a new setting cannot go undocumented —
 * and nothing that nothing reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTEXTS } from '@steward/contracts';
import { servicePortVariable } from './config';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE_DIRS = ['apps', 'libs', 'tools', 'infra', 'scripts'];
const SOURCE_FILE = /\.(ts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'lib', 'dist', '.steward']);
/** The operating system's own, not settings (infra looks for `java` and `mvn` on the PATH). */
const NOT_SETTINGS = new Set(['PATH']);

/** `process.env.X`, `process.env['X']`, and the settings helpers: `env('X'`, `envInt('X'`, … */
const READS = [
  /process\.env\.([A-Z][A-Z0-9_]+)/g,
  /process\.env\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]/g,
  /\b(?:env|envInt|envUrl|envBool|intEnv|intListEnv|fanoutEnv)\(\s*['"]([A-Z][A-Z0-9_]+)['"]/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    // Integration, e2e and chaos specs too: their knobs (STEWARD_CHAOS_SECONDS, …) are settings
    // of `npm test`. Not unit specs: they are pure, and the settings helpers' own use made-up names.
    return SOURCE_FILE.test(entry.name) && !entry.name.includes('.unit.spec.') ? [full] : [];
  });
}

/** Every variable read, with the files that read it. */
function variablesRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of READS) {
      for (const [, name] of text.matchAll(pattern)) {
        if (NOT_SETTINGS.has(name)) continue;
        const files = found.get(name) ?? [];
        const relative = path.relative(ROOT, file);
        found.set(name, files.includes(relative) ? files : [...files, relative]);
      }
    }
  }
  // Read under a computed name: the services' port variables.
  for (const context of CONTEXTS) found.set(servicePortVariable(context), ['libs/service-kit/src/config.ts']);
  return found;
}

/** The variables docs/configuration.md names in the first column of its tables. */
function variablesDocumented(): Set<string> {
  const doc = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
  const names = new Set<string>();
  for (const line of doc.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const firstCell = line.split('|')[1];
    for (const [, name] of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(name);
  }
  return names;
}

describe('docs/configuration.md', () => {
  const read = variablesRead();
  const documented = variablesDocumented();

  it('finds the variables it should (the scan works)', () => {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL', 'GATEWAY_PORT', 'INVITATION_TTL_DAYS', 'LOG_LEVEL', 'IDENTITY_PORT']) expect(read.has(name)).toBe(true);
  });

  it('documents every variable the code reads', () => {
    const missing = [...read.keys()].filter((name) => !documented.has(name)).map((name) => `${name} (read in ${read.get(name)?.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('documents nothing that nothing reads', () => {
    expect([...documented].filter((name) => !read.has(name))).toEqual([]);
  });
});
