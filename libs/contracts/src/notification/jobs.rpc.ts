import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/** Job states (API.md "Jobs"): due work is `queued` or `retry`; `done` and `dead` are final. */
export const JOB_STATES = ['queued', 'retry', 'dead', 'done'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The states `DELETE /v1/jobs?state=` empties: work not done. Done jobs are history. */
export const BULK_DELETABLE_JOB_STATES = ['queued', 'retry', 'dead'] as const satisfies readonly JobState[];
export type BulkDeletableJobState = (typeof BULK_DELETABLE_JOB_STATES)[number];

/** Job types: what a job does (and which sender of the notification service runs it). */
export const JobType = {
  /** An invitation email: a new invitation (to the organization or a workspace) or a resend. */
  InvitationEmail: 'email.invitation',
  /** Owners/admins of a destination's workspace hear of a key routed to it. */
  DestinationKeyEmail: 'email.destination_key',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];
export const JOB_TYPES: readonly JobType[] = Object.values(JobType);

/**
 * Job as API.md shows it, plus `max_attempts` (attempts before it is `dead`). `run_at` is when
 * it is due; while a worker runs it, the end of that worker's lease. `payload_summary` holds
 * only non-secret fields of the payload chosen per type (never a token, a nonce or a hash).
 */
export interface JobResource {
  id: string;
  type: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: string;
  created_at: string;
  payload_summary: Record<string, unknown>;
}

/** `GET /v1/jobs/stats`: one row per job type (every known type, zeros included), by type name. */
export interface JobTypeStats {
  type: string;
  counts: Record<JobState, number>;
  total: number;
}
export interface JobStats {
  data: JobTypeStats[];
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const Id = Type.String({ minLength: 1, maxLength: 100 });
const State = Type.Union(JOB_STATES.map((s) => Type.Literal(s)));
const BulkState = Type.Union(BULK_DELETABLE_JOB_STATES.map((s) => Type.Literal(s)));
const JobTypeName = Type.Union(JOB_TYPES.map((t) => Type.Literal(t)));

export const JobsRpc = {
  /** The organization's jobs, newest first; filters `state`, `type`. */
  ListJobs: defineRpc<Page<JobResource>>()(
    'notification',
    'jobs.list',
    Type.Object(
      { limit: Limit, cursor: Type.Optional(Type.String()), state: Type.Optional(State), type: Type.Optional(JobTypeName) },
      { additionalProperties: false },
    ),
  ),
  JobStats: defineRpc<JobStats>()('notification', 'jobs.stats', Type.Object({}, { additionalProperties: false })),
  /** Deletes the organization's jobs in a state (and of a type); answers how many. */
  DeleteJobs: defineRpc<{ deleted: number }>()(
    'notification',
    'jobs.delete_many',
    Type.Object({ state: BulkState, type: Type.Optional(JobTypeName) }, { additionalProperties: false }),
  ),
  DeleteJob: defineRpc<null>()('notification', 'jobs.delete', Type.Object({ id: Id }, { additionalProperties: false })),
  /** A dead job is due again now with a fresh count of attempts; any other state → 409. */
  RetryJob: defineRpc<JobResource>()('notification', 'jobs.retry', Type.Object({ id: Id }, { additionalProperties: false })),
} as const;
