/**
 * runClustered's primary, on a fixture app of two workers (no infrastructure): a start failure
 * of the workers ends the primary with the workers' exit code, as the app alone would end; the
 * workers share one port; SIGTERM stops them all and the primary exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(__dirname, 'testing', 'cluster-fixture.ts');

function runFixture(args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/register.js'), FIXTURE, ...args], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  return { child, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** GET / on a new connection: the serving worker's pid, or undefined while nothing listens. */
function pidOnPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(Number(body)));
      })
      .on('error', () => resolve(undefined));
  });
}

describe('runClustered', () => {
  it('ends with the exit code of workers that fail to start (78: configuration error)', async () => {
    const { exited } = runFixture(['fail-start']);
    const { code, output } = await exited;
    expect(code).toBe(78);
    expect(output).toContain('failed to start');
  }, 60_000);

  it('serves one port from two workers in turn, and SIGTERM stops them all', async () => {
    const port = await freePort();
    const { child, exited } = runFixture(['serve', String(port)]);
    const pids = new Set<number>();
    const deadline = Date.now() + 30_000;
    while (pids.size < 2 && Date.now() < deadline) {
      const pid = await pidOnPort(port);
      if (pid) pids.add(pid);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pids.size).toBe(2);
    expect(pids.has(child.pid!)).toBe(false);

    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(await pidOnPort(port)).toBeUndefined();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
