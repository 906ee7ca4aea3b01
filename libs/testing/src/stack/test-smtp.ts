/**
 * The test run's own SMTP catcher: a real maildev process on the slot's ports (SMTP 3406+10·n,
 * HTTP API 3407+10·n), started by the global setup beside the apps and stopped by the teardown.
 *
 * Why not the shared one that infra/ starts (or reuses) for development: a test stops and
 * restarts the catcher to cause a real SMTP outage (`withSmtpOutage`), and stopping a catcher
 * that a development stack or another slot's run also sends to would lose or delay their mail.
 * This one belongs to the run alone; the e2e suite runs one spec at a time, so an outage is
 * seen only by the spec that causes it.
 *
 * The process is tracked by a pid file (`.steward/test-smtp-<slot>/pid`), so the jest worker
 * that runs a spec can stop and restart the catcher that the global setup started, and the
 * teardown stops whichever process runs last. Mail is kept in a directory maildev reloads when it
 * restarts, so an outage loses no mail caught before it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { testSlot } from '../infra/test-databases';
import { PidFileProcess, sleep } from './pid-file-process';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export function testSmtpPorts(): { smtp: number; api: number } {
  const offset = 10 * testSlot();
  return { smtp: 3406 + offset, api: 3407 + offset };
}

/** SMTP_URL (for notification) and SMTP_API_URL (for `emailsTo`) of the run's catcher. */
export function testSmtpEnv(): { SMTP_URL: string; SMTP_API_URL: string } {
  const { smtp, api } = testSmtpPorts();
  return { SMTP_URL: `smtp://127.0.0.1:${smtp}`, SMTP_API_URL: `http://127.0.0.1:${api}` };
}

const maildevProcess = new PidFileProcess('test-smtp', 'maildev');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function apiAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/email`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

function maildevBin(): string {
  const pkgFile = require.resolve('maildev/package.json', { paths: [REPO_ROOT] });
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(pkgFile), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.maildev);
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the run's catcher and waits until it takes mail and answers its API. `fresh` (the global
 * setup) first stops a leftover of a crashed run of this slot and empties the mail directory.
 */
export async function startTestSmtp({ fresh = false }: { fresh?: boolean } = {}): Promise<void> {
  const { smtp, api } = testSmtpPorts();
  if (fresh) await stopTestSmtp();
  const running = maildevProcess.readPid();
  if (running && maildevProcess.isOurs(running)) {
    if (await apiAnswers(api)) return;
    throw new Error(`test SMTP catcher (pid ${running}) runs but does not answer on port ${api}`);
  }
  for (const port of [smtp, api]) {
    if (await portOpen(port)) throw new Error(`port ${port} (the test SMTP catcher of slot ${testSlot()}) is taken by another program`);
  }
  const dir = maildevProcess.stateDir;
  const mailDir = path.join(dir, 'mail');
  if (fresh) fs.rmSync(mailDir, { recursive: true, force: true });
  fs.mkdirSync(mailDir, { recursive: true });
  const logFile = path.join(dir, 'maildev.log');
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [maildevBin(), '--smtp', String(smtp), '--web', String(api), '--ip', '127.0.0.1', '--mail-directory', mailDir],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', fd, fd] },
  );
  fs.closeSync(fd);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited (code ${code}, signal ${signal})`));
  if (!child.pid) throw new Error('could not start the test SMTP catcher');
  maildevProcess.writePid(child.pid);
  child.unref(); // it outlives the process that started it (global setup → worker → teardown)

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!((await portOpen(smtp)) && (await apiAnswers(api)))) {
    if (exited || Date.now() > deadline) {
      await stopTestSmtp();
      throw new Error(`test SMTP catcher ${exited ?? `not ready after ${READY_TIMEOUT_MS} ms`}; ${logFile}:\n${logTail(logFile)}`);
    }
    await sleep(100);
  }
}

/** Stops the run's catcher (SIGTERM, then SIGKILL) and waits until its SMTP port refuses connections. */
export async function stopTestSmtp(): Promise<void> {
  await maildevProcess.stop();
  const { smtp } = testSmtpPorts();
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (await portOpen(smtp)) {
    if (Date.now() > deadline) throw new Error(`port ${smtp} still takes connections after the test SMTP catcher stopped`);
    await sleep(50);
  }
}

/**
 * A real SMTP outage: the catcher is stopped, `during` runs, and the catcher is started again on
 * the same ports — also when `during` fails, so the next spec has mail again.
 */
export async function withSmtpOutage<T>(during: () => Promise<T>): Promise<T> {
  await stopTestSmtp();
  try {
    return await during();
  } finally {
    await startTestSmtp();
  }
}
