import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification's replicas of what decides who gets an email, fed by the other services'
 * events (never by their databases or an RPC): the organization's users (role, status, email),
 * workspaces and their members, destinations (which workspace owns one) and API key names (who
 * created a key). Deleted users, workspaces and destinations stay as tombstones (`deleted_at`),
 * so a job that runs after a deletion still knows what it named.
 * `email_deliveries` records each recipient an email of a job went to, so a retry after a
 * partial failure does not send to them twice.
 */
export class RecipientReplicas1764140000310 implements MigrationInterface {
  name = 'RecipientReplicas1764140000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directory_users (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        email      text        NOT NULL,
        role       text        NOT NULL,
        status     text        NOT NULL,
        deleted_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX directory_users_org_role ON directory_users (org_id, role) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE workspaces (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        deleted_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE workspace_members (
        workspace_id text        NOT NULL,
        user_id      text        NOT NULL,
        org_id       text        NOT NULL,
        added_at     timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE destinations (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        name         text        NOT NULL,
        workspace_id text        NOT NULL,
        deleted_at   timestamptz,
        updated_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE api_key_names (
        id     text PRIMARY KEY,
        org_id text NOT NULL,
        name   text NOT NULL,
        prefix text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE email_deliveries (
        job_id    text        NOT NULL,
        recipient text        NOT NULL,
        sent_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, recipient)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['email_deliveries', 'api_key_names', 'destinations', 'workspace_members', 'workspaces', 'directory_users']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
