/**
 * Redis for outage tests: a `redis-server` of the run's own on the slot's port (3408 + 10·n),
 * started and stopped by a spec — never the shared Redis the stack uses (at REDIS_URL, which a
 * development stack and other slots' runs use too, so stopping it would disturb them). A spec
 * points a gateway of its own at this one (`startExtraGateway(port, { REDIS_URL: testRedisUrl() })`),
 * then stops it to cause a real Redis outage for that gateway alone.
 *
 * Tracked by a pid file (`.steward/test-redis-<slot>/pid`); the global teardown stops a leftover.
 * Nothing is persisted: a restart comes back empty, as a Redis without persistence does.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { testSlot } from '../infra/test-databases';
import { PidFileProcess, sleep } from './pid-file-process';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const READY_TIMEOUT_MS = 20_000;

export function testRedisPort(): number {
  return 3408 + 10 * testSlot();
}

export function testRedisUrl(): string {
  return `redis://127.0.0.1:${testRedisPort()}`;
}

const redisProcess = new PidFileProcess('test-redis', 'redis-server');

/** True when a Redis answers PING on the port. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

/** Starts the run's Redis (or finds it running) and waits until it answers. */
export async function startTestRedis(): Promise<void> {
  const port = testRedisPort();
  const running = redisProcess.readPid();
  if (running && redisProcess.isOurs(running) && (await answersPing(port))) return;
  const dir = redisProcess.stateDir;
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  const fd = fs.openSync(logFile, 'a');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  let exited: string | null = null;
  child.once('error', (error) => (exited = `could not start: ${error.message} (is redis-server installed? see infra/README.md)`));
  child.once('exit', (code, signal) => (exited ??= `exited (code ${code}, signal ${signal})`));
  if (child.pid) redisProcess.writePid(child.pid);
  child.unref();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (exited || Date.now() > deadline) {
      await stopTestRedis();
      throw new Error(`the test Redis on port ${port} ${exited ?? `was not ready after ${READY_TIMEOUT_MS} ms`}; see ${logFile}`);
    }
    await sleep(50);
  }
}

/** Stops the run's Redis (SIGTERM, then SIGKILL) and waits until its port refuses connections. */
export async function stopTestRedis(): Promise<void> {
  await redisProcess.stop();
}
