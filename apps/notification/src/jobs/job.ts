/** Job states (API.md "Jobs"): due work is `queued` or `retry`; `done` and `dead` are final. */
export const JOB_STATES = ['queued', 'retry', 'dead', 'done'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Job types: what a job does, and which sender runs it. */
export const JobType = {
  InvitationEmail: 'email.invitation',
  /** Owners/admins of a destination's workspace hear of a key routed to it. */
  DestinationKeyEmail: 'email.destination_key',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

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
