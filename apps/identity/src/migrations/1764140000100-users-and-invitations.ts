import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity's read tables, kept by inline projections in the append transaction. */
export class UsersAndInvitations1764140000100 implements MigrationInterface {
  name = 'UsersAndInvitations1764140000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id            text        PRIMARY KEY,
        org_id        text        NOT NULL,
        name          text        NOT NULL,
        email         text        NOT NULL,
        email_lower   text        NOT NULL,
        role          text        NOT NULL,
        status        text        NOT NULL,
        workspace_ids jsonb       NOT NULL DEFAULT '[]',
        last_login_at timestamptz,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        version       integer     NOT NULL,
        -- One email per organization, case-insensitive: enforced here, atomically with the append.
        CONSTRAINT users_org_email_unique UNIQUE (org_id, email_lower)
      )`);
    await q.query(`CREATE INDEX users_org_id_desc ON users (org_id, id DESC)`);
    await q.query(`
      CREATE TABLE invitations (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        user_id      text        NOT NULL,
        email        text        NOT NULL,
        role         text        NOT NULL,
        workspace_id text,
        status       text        NOT NULL,
        token_hash   text        NOT NULL,
        expires_at   timestamptz NOT NULL,
        created_at   timestamptz NOT NULL,
        version      integer     NOT NULL
      )`);
    await q.query(`CREATE INDEX invitations_org_id_desc ON invitations (org_id, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX invitations_token_hash ON invitations (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE invitations');
    await q.query('DROP TABLE users');
  }
}
