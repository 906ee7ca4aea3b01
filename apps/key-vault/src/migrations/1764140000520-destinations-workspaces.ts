import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Destinations (read table of the Destination streams) and key-vault's replica of the
 * organization's workspaces, fed by the workspace service's events (`workspaces-replica/`): what
 * a destination or a key may be owned by. A deleted workspace stays as a tombstone
 * (`deleted_at`), so it is known as deleted rather than unknown.
 */
export class DestinationsWorkspaces1764140000520 implements MigrationInterface {
  name = 'DestinationsWorkspaces1764140000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id         text        PRIMARY KEY,
        org_id     text        NOT NULL,
        name       text        NOT NULL,
        deleted_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX workspaces_org_id ON workspaces (org_id, id)`);
    await q.query(`
      CREATE TABLE destinations (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        name         text        NOT NULL,
        workspace_id text        NOT NULL,
        created_at   timestamptz NOT NULL,
        version      integer     NOT NULL
      )`);
    // Listing newest first (TypeIDs sort by creation time), all or of one workspace.
    await q.query(`CREATE INDEX destinations_org_id_desc ON destinations (org_id, id DESC)`);
    await q.query(`CREATE INDEX destinations_org_workspace_id_desc ON destinations (org_id, workspace_id, id DESC)`);
    // GET /v1/destinations/{id}/api-keys, and the "keys routed to it" check of a deletion.
    await q.query(`CREATE INDEX api_keys_org_destination_id_desc ON api_keys (org_id, destination_id, id DESC) WHERE destination_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX api_keys_org_destination_id_desc');
    await q.query('DROP TABLE destinations');
    await q.query('DROP TABLE workspaces');
  }
}
