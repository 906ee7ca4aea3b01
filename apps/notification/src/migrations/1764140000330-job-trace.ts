import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the event that made a job, so the worker's log lines (every attempt,
 * the mailer's included) carry the trace of the request that caused the email.
 */
export class JobTrace1764140000330 implements MigrationInterface {
  name = 'JobTrace1764140000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jobs ADD COLUMN traceparent text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jobs DROP COLUMN traceparent');
  }
}
