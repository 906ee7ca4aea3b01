import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export interface BootstrapResult {
  organization_id: string;
  user_id: string;
  api_key: string;
}

const repoRoot = path.resolve(__dirname, '../../..');

/** Runs the real `npm run bootstrap` command against the test stack and parses its one line. */
export async function bootstrapOrganization(org: string, email: string): Promise<BootstrapResult & { stdout: string }> {
  const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'bootstrap', '--', '--org', org, '--email', email], {
    cwd: repoRoot,
    env: process.env,
    timeout: 60000,
  });
  return { ...(JSON.parse(stdout) as BootstrapResult), stdout };
}

/** An address unique to this test run, so runs never collide in the shared SMTP catcher. */
export function uniqueEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.test`;
}
