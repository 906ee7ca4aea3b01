import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity's replica of the organization's workspaces (fed by the workspace service's events;
 * a deleted workspace stays as a tombstone), for the names in manager grants and to refuse
 * invitations to deleted workspaces; and the index the revocation of a deleted workspace's
 * invitations uses.
 */
export class DirectoryWorkspaces1764140000150 implements MigrationInterface {
  name = 'DirectoryWorkspaces1764140000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directory_workspaces (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX invitations_workspace ON invitations (workspace_id, status) WHERE workspace_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX invitations_workspace');
    await q.query('DROP TABLE directory_workspaces');
  }
}
