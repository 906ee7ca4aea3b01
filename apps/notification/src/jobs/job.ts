import type { JobType } from '@steward/contracts';

// States and types are part of the Jobs API's contract (libs/contracts, notification/jobs.rpc.ts).
export { JOB_STATES, JOB_TYPES, JobType, type JobState } from '@steward/contracts';

/** Channel the projection NOTIFYs (delivered at commit) so a worker wakes for new jobs. */
export const JOBS_CHANNEL = 'steward_jobs';

/** One job, claimed by this worker until its lease ends. */
export interface ClaimedJob {
  id: string;
  orgId: string;
  type: string;
  /** Attempts made before this one. */
  attempts: number;
  maxAttempts: number;
  payload: unknown;
  /** W3C `traceparent` of the event that made the job, when it had one. */
  traceparent?: string;
}

/** Runs the jobs of one type. Throwing fails the attempt (retry later, or dead). */
export interface JobSender {
  readonly type: JobType;
  /** Returns fields safe to log (e.g. the recipient's domain), never secrets or links. */
  send(job: ClaimedJob): Promise<Record<string, string>>;
}

/** The job list of every JobSender the worker runs, keyed by type through `JobSender.type`. */
export const JOB_SENDERS = Symbol('JOB_SENDERS');

/** A failure that no retry can fix (bad payload, an expired invitation): the job goes `dead`. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
