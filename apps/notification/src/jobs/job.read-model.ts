import type { EntityManager } from 'typeorm';
import { JobType, type JobResource, type JobState } from '@steward/contracts';
import { destinationKeyEmailSummary } from '../destination-keys/destination-key-email';
import { invitationEmailSummary } from '../invitations/invitation-email';
import { JOBS_CHANNEL } from './job';

type Db = Pick<EntityManager, 'query'>;

export interface JobRow {
  id: string;
  org_id: string;
  type: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  created_at: Date;
  payload: unknown;
}

export const JOB_COLUMNS = 'id, org_id, type, state, attempts, max_attempts, last_error, run_at, created_at, payload';

/**
 * Per type, the payload fields the Jobs API may show: an allowlist, so a field added to a
 * payload later (or a secret such as an invitation's token nonce) never leaks by default. A type
 * without an entry shows nothing.
 */
const SUMMARIES: Record<JobType, (payload: Record<string, never>) => Record<string, unknown>> = {
  [JobType.InvitationEmail]: invitationEmailSummary,
  [JobType.DestinationKeyEmail]: destinationKeyEmailSummary,
};

export function payloadSummary(type: string, payload: unknown): Record<string, unknown> {
  const summarize = Object.prototype.hasOwnProperty.call(SUMMARIES, type) ? SUMMARIES[type as JobType] : undefined;
  if (!summarize || !payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const summary = summarize(payload as Record<string, never>);
  // Only present fields (an old payload may lack some).
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined));
}

export function toJobResource(row: JobRow): JobResource {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    last_error: row.last_error,
    run_at: new Date(row.run_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    payload_summary: payloadSummary(row.type, row.payload),
  };
}

export async function findJob(db: Db, orgId: string, id: string): Promise<JobRow | undefined> {
  const [row] = (await db.query(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1 AND org_id = $2`, [id, orgId])) as JobRow[];
  return row;
}

/** Wakes the job workers (delivered at commit, or at once outside a transaction). */
export async function notifyJobWorkers(db: Db): Promise<void> {
  await db.query(`SELECT pg_notify($1, '')`, [JOBS_CHANNEL]);
}
