/**
 * A helper process of the test run (the run's own SMTP catcher, its own Redis) tracked by a pid
 * file under `.steward/<name>-<slot>/`, so that a spec's jest worker can stop and restart what
 * the global setup started, and the teardown stops whichever process runs last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { testSlot } from '../infra/test-databases';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const STOP_TIMEOUT_MS = 10_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PidFileProcess {
  /** `name`: the state folder's prefix; `command`: a string its command line contains. */
  constructor(
    private readonly name: string,
    private readonly command: string,
  ) {}

  get stateDir(): string {
    return path.join(REPO_ROOT, '.steward', `${this.name}-${testSlot()}`);
  }

  get pidFile(): string {
    return path.join(this.stateDir, 'pid');
  }

  readPid(): number | null {
    try {
      const pid = Number.parseInt(fs.readFileSync(this.pidFile, 'utf8').trim(), 10);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  writePid(pid: number): void {
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.writeFileSync(this.pidFile, String(pid));
  }

  /** Alive, and (where /proc tells) still our command: a recycled pid is left alone. */
  isOurs(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.command);
    } catch {
      return true; // no procfs: trust the pid file
    }
  }

  /** SIGTERM, SIGKILL after STOP_TIMEOUT_MS, and the pid file removed. */
  async stop(): Promise<void> {
    const pid = this.readPid();
    if (pid && this.isOurs(pid)) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (this.isOurs(pid) && Date.now() < deadline) await sleep(50);
      if (this.isOurs(pid)) process.kill(pid, 'SIGKILL');
      while (this.isOurs(pid)) await sleep(50);
    }
    fs.rmSync(this.pidFile, { force: true });
  }
}
