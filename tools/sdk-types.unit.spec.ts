import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SDK_TYPES_FILE } from './sdk-types';

describe('libs/sdk/src/generated/schema.d.ts', () => {
  it('is what openapi-typescript makes of docs/openapi.json (run `npm run sdk:generate` to update)', () => {
    // openapi-typescript is loaded by Node in a child process (its dependencies are ES modules).
    const root = path.resolve(__dirname, '..');
    const generated = execFileSync(process.execPath, ['-r', './tools/register.js', 'tools/sdk-types.ts', '--stdout'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(generated).toBe(readFileSync(SDK_TYPES_FILE, 'utf8'));
  });
});
