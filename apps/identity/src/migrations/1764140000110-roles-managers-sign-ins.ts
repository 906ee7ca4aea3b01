import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read tables for roles, managers and sign-ins, and the indexes the user filters need. */
export class RolesManagersSignIns1764140000110 implements MigrationInterface {
  name = 'RolesManagersSignIns1764140000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX users_workspace_ids ON users USING gin (workspace_ids jsonb_path_ops)`);
    await q.query(`CREATE INDEX users_org_role ON users (org_id, role)`);
    await q.query(`ALTER TABLE invitations ADD COLUMN name text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE invitations ADD COLUMN updated_at timestamptz`);
    await q.query(`CREATE INDEX invitations_user ON invitations (user_id)`);
    await q.query(`
      CREATE TABLE roles (
        id          text        PRIMARY KEY,
        org_id      text        NOT NULL,
        name        text        NOT NULL,
        description text        NOT NULL DEFAULT '',
        permissions jsonb       NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        version     integer     NOT NULL
      )`);
    // Role names are unique per organization, case-insensitively (system role names included, checked in code).
    await q.query(`CREATE UNIQUE INDEX roles_org_name ON roles (org_id, lower(name))`);
    await q.query(`
      CREATE TABLE managers (
        id            text        PRIMARY KEY,
        org_id        text        NOT NULL,
        user_id       text        NOT NULL,
        role_id       text        NOT NULL,
        workspace_ids jsonb       NOT NULL DEFAULT '[]',
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        version       integer     NOT NULL
      )`);
    await q.query(`CREATE INDEX managers_org_id_desc ON managers (org_id, id DESC)`);
    await q.query(`CREATE INDEX managers_user ON managers (user_id)`);
    await q.query(`CREATE INDEX managers_role ON managers (org_id, role_id)`);
    await q.query(`
      CREATE TABLE sign_ins (
        id          text        PRIMARY KEY,
        org_id      text        NOT NULL,
        user_id     text        NOT NULL,
        ip          text,
        user_agent  text,
        method      text        NOT NULL,
        success     boolean     NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sign_ins_user_id_desc ON sign_ins (user_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sign_ins');
    await q.query('DROP TABLE managers');
    await q.query('DROP TABLE roles');
    await q.query('DROP INDEX invitations_user');
    await q.query('ALTER TABLE invitations DROP COLUMN updated_at');
    await q.query('ALTER TABLE invitations DROP COLUMN name');
    await q.query('DROP INDEX users_org_role');
    await q.query('DROP INDEX users_workspace_ids');
  }
}
