import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { traceLogFields, withRequestLogging } from '@steward/service-kit';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';
import { afterFailure } from './backoff';
import { JOB_SENDERS, JOBS_CHANNEL, PermanentJobError, type ClaimedJob, type JobSender } from './job';

/** Jobs one worker runs at a time; it claims only as many as it has free slots. */
export const CONCURRENCY = 10;
/** How long a claimed job stays hidden from other workers; a crash mid-send retries after it. */
export const LEASE_MS = 60_000;
/** A send that takes longer fails the attempt, so it always ends well inside the lease. */
export const SEND_TIMEOUT_MS = 30_000;
const LAST_ERROR_MAX = 300;
/** Outcome writes stop retrying this long before the lease ends (clocks of app and database differ a little). */
const OUTCOME_RETRY_MARGIN_MS = 5_000;

interface ClaimedRow {
  id: string;
  org_id: string;
  type: string;
  attempts: number;
  max_attempts: number;
  payload: unknown;
  traceparent: string | null;
  /** The lease end, exactly as stored: the fence of every later update of this claim. */
  lease: string;
  due_at: Date;
}

interface Claim extends ClaimedJob {
  lease: string;
}

/** A short, single-line reason for `last_error`: never a stack, never the payload. */
export function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.replace(/\s+/g, ' ').trim().slice(0, LAST_ERROR_MAX) || 'unknown error';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs due jobs. Several replicas can run side by side: a claim takes due rows with
 * `FOR UPDATE SKIP LOCKED` and moves their `run_at` to the end of a lease in the same statement
 * (state unchanged), so no other worker sees them until the lease ends. The send happens outside
 * any transaction; the outcome is then written only if the lease is still ours (`run_at` fence),
 * retried through a database outage while the lease lasts. A crash between the SMTP server's
 * acceptance and that write leaves the job to be retried after the lease: delivery is
 * at-least-once, and a second copy carries the same Message-ID (docs/reliability.md).
 *
 * Up to CONCURRENCY jobs run at once, so a slow send does not hold back the next jobs. The loop
 * wakes on NOTIFY from the projection, when a job finishes, and every JOB_POLL_MS (a safety net).
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private readonly senders: Map<string, JobSender>;
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private listener?: PoolClient;
  private notified = false;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(JOB_SENDERS) senders: JobSender[],
  ) {
    this.senders = new Map(senders.map((sender) => [sender.type, sender]));
    if (this.senders.size !== senders.length) throw new Error('two job senders handle the same job type');
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Before the database closes: the jobs in flight finish and record their outcome. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.listen();
        const free = CONCURRENCY - this.inFlight.size;
        if (free > 0) {
          for (const claim of await this.claim(free)) {
            const job: Promise<void> = this.execute(claim).finally(() => {
              this.inFlight.delete(job);
              this.wakeUp(); // a free slot: more may be due
            });
            this.inFlight.add(job);
          }
        }
        await this.sleep(this.config.jobs.pollMs);
      } catch (error) {
        this.logger.error({ err: error }, 'job worker error; retrying');
        this.unlisten();
        await this.sleep(Math.max(this.config.jobs.pollMs, 1000));
      }
    }
    // Shutting down: claim nothing more, let the jobs in flight record their outcome.
    await Promise.all([...this.inFlight]);
    this.unlisten();
  }

  private async claim(limit: number): Promise<Claim[]> {
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT id, run_at FROM jobs
         WHERE state IN ('queued', 'retry') AND run_at <= now() AND type = ANY($1::text[])
         ORDER BY run_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs j SET run_at = now() + $3::integer * interval '1 millisecond'
       FROM due WHERE j.id = due.id
       RETURNING j.id, j.org_id, j.type, j.attempts, j.max_attempts, j.payload, j.traceparent, j.run_at::text AS lease, due.run_at AS due_at`,
      [[...this.senders.keys()], limit, LEASE_MS],
    )) as [ClaimedRow[], number];
    return rows
      .sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime())
      .map((r) => ({ id: r.id, orgId: r.org_id, type: r.type, attempts: r.attempts, maxAttempts: r.max_attempts, payload: r.payload, traceparent: r.traceparent ?? undefined, lease: r.lease }));
  }

  /** Runs one claimed job and records the outcome; never throws. Its log lines carry the job's trace. */
  private execute(claim: Claim): Promise<void> {
    return withRequestLogging('notification', { ...traceLogFields(claim.traceparent) }, () => this.attempt(claim));
  }

  private async attempt(claim: Claim): Promise<void> {
    const attempt = claim.attempts + 1;
    const context = { job_id: claim.id, type: claim.type, attempt };
    try {
      let fields: Record<string, string>;
      try {
        const sender = this.senders.get(claim.type);
        if (!sender) throw new PermanentJobError(`no sender for job type ${claim.type}`);
        fields = await withTimeout(sender.send(claim), SEND_TIMEOUT_MS);
      } catch (error) {
        await this.recordFailure(claim, attempt, error);
        return;
      }
      // The email is out: recording that must outlast a short database outage, or the job would
      // run again after its lease and send a second copy.
      const recorded = await this.untilLeaseEnds(claim, () => this.update(claim, `state = 'done', attempts = $3, done_at = now(), run_at = now(), updated_at = now()`, [attempt]));
      if (recorded) this.logger.log({ ...context, ...fields }, 'job done');
    } catch (error) {
      // The outcome could not be written before the lease ended: the job runs again.
      this.logger.error({ ...context, err: shortError(error) }, 'could not record the job outcome; it will run again after its lease');
    }
  }

  /**
   * Runs `write` (an outcome update, fenced by the lease) again after a failure — the database
   * restarting, say — until it succeeds or the lease is about to end (then it throws). Retrying is
   * safe: the fence lets only one of the writes take effect.
   */
  private async untilLeaseEnds<T>(claim: Claim, write: () => Promise<T>): Promise<T> {
    const leaseEnd = new Date(claim.lease).getTime();
    const giveUpAt = (Number.isFinite(leaseEnd) ? leaseEnd : Date.now() + LEASE_MS) - OUTCOME_RETRY_MARGIN_MS;
    for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
      try {
        return await write();
      } catch (error) {
        if (Date.now() + pause >= giveUpAt) throw error;
        this.logger.warn({ job_id: claim.id, type: claim.type, err: shortError(error), retry_in_ms: pause }, 'could not record the job outcome yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async recordFailure(claim: Claim, attempt: number, error: unknown): Promise<void> {
    const reason = shortError(error);
    const { backoffBaseMs: baseMs, backoffMaxMs: maxMs } = this.config.jobs;
    const outcome = afterFailure(attempt, { maxAttempts: claim.maxAttempts, baseMs, maxMs }, { permanent: error instanceof PermanentJobError });
    const delayMs = outcome.state === 'retry' ? outcome.delayMs : 0;
    const recorded = await this.untilLeaseEnds(claim, () =>
      this.update(claim, `state = $3, attempts = $4, last_error = $5, run_at = now() + $6::integer * interval '1 millisecond', updated_at = now()`, [
        outcome.state,
        attempt,
        reason,
        delayMs,
      ]),
    );
    if (!recorded) return;
    const context = { job_id: claim.id, type: claim.type, attempt, max_attempts: claim.maxAttempts, error: reason };
    if (outcome.state === 'retry') this.logger.warn({ ...context, retry_in_ms: delayMs }, 'job failed; will retry');
    else this.logger.error(context, 'job failed for good; it is dead');
  }

  /** Writes the outcome only while the claim is ours; false when the lease ended or the job changed. */
  private async update(claim: Claim, set: string, values: unknown[]): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE jobs SET ${set}
       WHERE id = $1 AND run_at = $2::timestamptz AND state IN ('queued', 'retry')
       RETURNING id`,
      [claim.id, claim.lease, ...values],
    )) as [unknown[], number];
    if (rows.length === 0) {
      this.logger.warn({ job_id: claim.id, type: claim.type }, 'job changed while it ran (lease ended, deleted or retried); outcome not recorded');
      return false;
    }
    return true;
  }

  /** A dedicated connection LISTENs for new jobs; lost, it is re-opened on the next round. */
  private async listen(): Promise<void> {
    if (this.listener) return;
    const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
    const client = await pool.connect();
    client.on('error', (error) => {
      this.logger.warn({ err: shortError(error) }, 'job LISTEN connection failed; polling until it is back');
      if (this.listener === client) this.unlisten();
    });
    try {
      client.on('notification', () => this.wakeUp());
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private unlisten(): void {
    const client = this.listener;
    this.listener = undefined;
    if (!client) return;
    client.removeAllListeners('notification');
    // Destroying the connection ends the session and its LISTEN.
    client.release(true);
  }

  private wakeUp(): void {
    this.notified = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
