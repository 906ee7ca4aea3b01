import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read tables of the workspace service: the tree (materialized path), memberships, the local
 * directory of the organization's users (a replica fed by identity's events — never a shared
 * table), and private templates.
 */
export class WorkspacesMembersTemplates1764140000410 implements MigrationInterface {
  name = 'WorkspacesMembersTemplates1764140000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        slug       text        NOT NULL,
        parent_id  text,
        -- ids from the root down to this workspace, each followed by '/': 'ws_a/ws_b/'.
        -- A subtree is every row whose id_path starts with the root's id_path.
        id_path    text        NOT NULL,
        -- slugs from the root down: '/eng/platform' (the API's "path").
        slug_path  text        NOT NULL,
        depth      integer     NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version    integer     NOT NULL
      )`);
    // Slugs are unique among siblings (roots are siblings of each other).
    await q.query(`CREATE UNIQUE INDEX workspaces_sibling_slug ON workspaces (org_id, coalesce(parent_id, ''), slug)`);
    await q.query(`CREATE INDEX workspaces_subtree ON workspaces (org_id, id_path text_pattern_ops)`);
    await q.query(`CREATE INDEX workspaces_children ON workspaces (org_id, parent_id, id DESC)`);
    await q.query(`CREATE INDEX workspaces_org_id_desc ON workspaces (org_id, id DESC)`);
    await q.query(`
      CREATE TABLE workspace_members (
        workspace_id  text        NOT NULL,
        user_id       text        NOT NULL,
        org_id        text        NOT NULL,
        role          text        NOT NULL,
        invitation_id text,
        joined_at     timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await q.query(`CREATE INDEX workspace_members_user ON workspace_members (user_id)`);
    await q.query(`
      CREATE TABLE directory_users (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        email      text        NOT NULL,
        role       text        NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE templates (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        workspace_id text        NOT NULL,
        name         text        NOT NULL,
        description  text        NOT NULL DEFAULT '',
        content      jsonb       NOT NULL,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        version      integer     NOT NULL
      )`);
    await q.query(`CREATE INDEX templates_org_id_desc ON templates (org_id, id DESC)`);
    await q.query(`CREATE INDEX templates_workspace ON templates (workspace_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE templates');
    await q.query('DROP TABLE directory_users');
    await q.query('DROP TABLE workspace_members');
    await q.query('DROP TABLE workspaces');
  }
}
