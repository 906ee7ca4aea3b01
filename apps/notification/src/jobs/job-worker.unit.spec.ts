/**
 * The job worker's outcome write against a database that fails for a moment (a restart) right
 * after an email went out: the write is retried within the lease, so the job is recorded done
 * and the email is not sent a second time; past the lease, it gives up (the job runs again).
 */
import type { DataSource } from 'typeorm';
import type { NotificationConfig } from '../config/notification.config';
import type { JobSender } from './job';
import { JobWorker } from './job-worker';

interface FakeDatabase {
  dataSource: DataSource;
  updates: string[];
}

/** A database holding one due job whose outcome writes fail `failures` times first. */
function fakeDatabase(failures: number, leaseInMs: number): FakeDatabase {
  let claimed = false;
  let failing = failures;
  const updates: string[] = [];
  const listener = { on: () => undefined, query: async () => undefined, release: () => undefined, removeAllListeners: () => undefined };
  const dataSource = {
    driver: { master: { connect: async () => listener } },
    query: async (sql: string) => {
      if (sql.includes('WITH due AS')) {
        if (claimed) return [[], 0];
        claimed = true;
        const lease = new Date(Date.now() + leaseInMs).toISOString();
        return [[{ id: 'job_1', org_id: 'org_1', type: 'test.email', attempts: 0, max_attempts: 5, payload: {}, traceparent: null, lease, due_at: new Date() }], 1];
      }
      if (sql.startsWith('UPDATE jobs SET')) {
        updates.push(sql.includes("state = 'done'") ? 'done' : 'failure');
        if (failing-- > 0) throw new Error('Connection terminated unexpectedly');
        return [[{ id: 'job_1' }], 1];
      }
      throw new Error(`unexpected query: ${sql}`);
    },
  } as unknown as DataSource;
  return { dataSource, updates };
}

const config = { jobs: { pollMs: 20, backoffBaseMs: 1000, backoffMaxMs: 300_000, maxAttempts: 5 } } as unknown as NotificationConfig;

/** A sender of the fake job's type that counts its sends. */
function countingSender(): { sender: JobSender; sends: () => number } {
  let sends = 0;
  return { sender: { type: 'test.email', send: async () => ((sends += 1), {}) } as unknown as JobSender, sends: () => sends };
}

async function runOnce(database: FakeDatabase, sender: JobSender, settleMs: number): Promise<void> {
  const worker = new JobWorker(database.dataSource, config, [sender]);
  worker.start();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  await worker.stop();
}

describe('JobWorker outcome writes', () => {
  it('records a sent email as done through a short database outage, without sending it again', async () => {
    const database = fakeDatabase(2, 60_000);
    const { sender, sends } = countingSender();
    await runOnce(database, sender, 1_200);
    expect(sends()).toBe(1);
    // Two failed writes (250 ms, then 500 ms apart), then the one that took.
    expect(database.updates).toEqual(['done', 'done', 'done']);
  });

  it('gives up when the lease is about to end, leaving the job to run again', async () => {
    const database = fakeDatabase(1_000, 5_100);
    const { sender, sends } = countingSender();
    await runOnce(database, sender, 600);
    expect(sends()).toBe(1);
    // The lease ends in 5.1 s and writes stop 5 s before it: no time for a retry.
    expect(database.updates).toEqual(['done']);
  });
});
