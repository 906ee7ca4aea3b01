import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background jobs (emails) made from events. `dedupe_key` (source event id + ':' + type) makes
 * a redelivered event unable to create a second job, even if `processed_events` were lost.
 */
export class Jobs1764140000300 implements MigrationInterface {
  name = 'Jobs1764140000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        type         text        NOT NULL,
        state        text        NOT NULL,
        attempts     integer     NOT NULL DEFAULT 0,
        max_attempts integer     NOT NULL,
        last_error   text,
        -- When the job is due; while a worker holds it, the end of that worker's lease.
        run_at       timestamptz NOT NULL,
        payload      jsonb       NOT NULL,
        dedupe_key   text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        done_at      timestamptz,
        CONSTRAINT jobs_state_check CHECK (state IN ('queued', 'retry', 'dead', 'done')),
        CONSTRAINT jobs_attempts_check CHECK (attempts >= 0 AND max_attempts >= 1),
        CONSTRAINT jobs_dedupe_key_unique UNIQUE (dedupe_key)
      )`);
    // The worker's claim: due jobs by state and time.
    await q.query(`CREATE INDEX jobs_state_run_at ON jobs (state, run_at)`);
    // Listing an organization's jobs newest first (TypeIDs sort by creation time).
    await q.query(`CREATE INDEX jobs_org_id_desc ON jobs (org_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE jobs');
  }
}
