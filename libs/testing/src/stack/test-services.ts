/**
 * Stopping and restarting one app of the test stack from inside a spec, for outage tests (a
 * service down while the rest of the stack runs). The global setup records each app's pid, the
 * stack's environment and its log directory in `.steward/test-stack-<slot>.json`; a spec (which
 * runs in another module registry than the setup, so it cannot reach the setup's handles) stops
 * an app by pid and starts a new process of it with the same environment through
 * infra/services.js, and the file then holds the new pid, which the teardown stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { testSlot } from '../infra/test-databases';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const STOP_TIMEOUT_MS = 15_000;
const READY_TIMEOUT_MS = 120_000;

interface StackRecord {
  env: Record<string, string>;
  logDir: string;
  pids: Record<string, number>;
}

interface ServicesModule {
  startServices(options: { env: Record<string, string>; logDir: string; apps?: string[]; logSuffix?: string }): Array<{ child: { pid?: number; unref?(): void } }>;
}

const recordFile = () => path.join(REPO_ROOT, '.steward', `test-stack-${testSlot()}.json`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readRecord(): StackRecord {
  try {
    return JSON.parse(fs.readFileSync(recordFile(), 'utf8')) as StackRecord;
  } catch {
    throw new Error(`no test stack is recorded in ${recordFile()}: the global setup did not start one`);
  }
}

function writeRecord(record: StackRecord): void {
  fs.mkdirSync(path.dirname(recordFile()), { recursive: true });
  fs.writeFileSync(recordFile(), JSON.stringify(record, null, 2));
}

/** True while a process with this pid exists (and may be signalled by us). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Called by the global setup once the stack is up. */
export function recordTestStack(env: Record<string, string>, logDir: string, pids: Record<string, number>): void {
  writeRecord({ env, logDir, pids });
}

/** Called by the global teardown: the processes that specs restarted are the teardown's too. */
export async function stopRecordedTestStack(): Promise<void> {
  let record: StackRecord;
  try {
    record = readRecord();
  } catch {
    return;
  }
  await Promise.all(Object.keys(record.pids).map((app) => stopTestService(app)));
  fs.rmSync(recordFile(), { force: true });
}

/** Stops one app (SIGTERM, or `SIGKILL` for a crash) and waits until its process is gone. */
export async function stopTestService(app: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const record = readRecord();
  const pid = record.pids[app];
  if (!pid || !isProcessAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await sleep(200);
      break;
    }
    await sleep(50);
  }
}

/**
 * Starts a new process of `app` with the stack's environment (its log appends to the same file)
 * and waits until the gateway's readiness check answers 200 again, which pings every service.
 */
export async function startTestService(app: string): Promise<void> {
  const record = readRecord();
  if (record.pids[app] && isProcessAlive(record.pids[app])) throw new Error(`${app} is still running (pid ${record.pids[app]})`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const services = require(path.join(REPO_ROOT, 'infra', 'services.js')) as ServicesModule;
  const [handle] = services.startServices({ env: record.env, logDir: record.logDir, apps: [app] });
  if (!handle.child.pid) throw new Error(`${app} did not start`);
  // The spec's process must not wait for this child: the teardown stops it by pid.
  handle.child.unref?.();
  writeRecord({ ...record, pids: { ...record.pids, [app]: handle.child.pid } });
  const gateway = record.env.STEWARD_TEST_GATEWAY_URL;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isProcessAlive(handle.child.pid)) throw new Error(`${app} exited while starting; see ${record.logDir}/${app}.log`);
    const ready = await fetch(`${gateway}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status === 200, () => false);
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`the stack was not ready ${READY_TIMEOUT_MS / 1000} s after restarting ${app}`);
}

/** Ports for gateways beside the stack's own (`startExtraGateway`): 3301 + 10·n and 3302 + 10·n for slot n. */
export function testExtraGatewayPort(index: 0 | 1): number {
  return 3301 + index + 10 * testSlot();
}

/**
 * A second gateway process beside the stack's own, as a replica would be: the same environment
 * (same Kafka namespace, same Redis and prefix, same KEY_ENCRYPTION_KEY) on another port, with
 * `env` overriding (e.g. another REDIS_URL, or `REDIS_URL: ''` for none). It logs to
 * `api-gateway-<port>.log` in the run's log directory and is recorded as `api-gateway@<port>`,
 * so `stopTestService(name)` stops it and the global teardown stops it if a spec did not.
 * Resolves once its readiness check answers 200.
 */
export async function startExtraGateway(port: number, env: Record<string, string> = {}): Promise<{ name: string; url: string; logFile: string; pid: number }> {
  const record = readRecord();
  const name = `api-gateway@${port}`;
  if (record.pids[name] && isProcessAlive(record.pids[name])) throw new Error(`${name} is still running (pid ${record.pids[name]})`);
  const url = `http://127.0.0.1:${port}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const services = require(path.join(REPO_ROOT, 'infra', 'services.js')) as ServicesModule;
  const [handle] = services.startServices({ env: { ...record.env, ...env, GATEWAY_PORT: String(port) }, logDir: record.logDir, apps: ['api-gateway'], logSuffix: `-${port}` });
  const pid = handle.child.pid;
  if (!pid) throw new Error(`${name} did not start`);
  handle.child.unref?.();
  writeRecord({ ...record, pids: { ...record.pids, [name]: pid } });
  const logFile = path.join(record.logDir, `api-gateway-${port}.log`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) throw new Error(`${name} exited while starting; see ${logFile}`);
    const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status === 200, () => false);
    if (ready) return { name, url, logFile, pid };
    await sleep(250);
  }
  throw new Error(`${name} was not ready after ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

/** The log of one app of the running test stack (every process of it, restarts included). */
export function testServiceLog(app: string): string {
  const record = readRecord();
  try {
    return fs.readFileSync(path.join(record.logDir, `${app}.log`), 'utf8');
  } catch {
    return '';
  }
}
