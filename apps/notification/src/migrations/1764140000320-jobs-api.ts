import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Jobs API lists an organization's jobs by state (and type), newest first. */
export class JobsApi1764140000320 implements MigrationInterface {
  name = 'JobsApi1764140000320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX jobs_org_state_id_desc ON jobs (org_id, state, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX jobs_org_state_id_desc');
  }
}
