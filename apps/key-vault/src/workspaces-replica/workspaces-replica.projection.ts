import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceCreated, WorkspaceDeleted, WorkspaceUpdated, type CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

type Db = Pick<EntityManager, 'query'>;
type Data<D> = D extends { schema: { static: infer S } } ? S : never;

export interface ReplicaWorkspaceRow {
  id: string;
  org_id: string;
  name: string;
}

/**
 * A live (not deleted) workspace of the organization, as key-vault knows it from the workspace
 * service's events; undefined for an unknown, deleted or other organization's workspace.
 * The one check of "the workspace exists" for destinations and keys.
 */
export async function findReplicaWorkspace(db: Db, orgId: string, workspaceId: string): Promise<ReplicaWorkspaceRow | undefined> {
  const rows: ReplicaWorkspaceRow[] = await db.query(`SELECT id, org_id, name FROM workspaces WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL`, [
    workspaceId,
    orgId,
  ]);
  return rows[0];
}

/**
 * Key-vault's replica of the organization's workspaces (`workspaces`: id, organization, name),
 * fed by the workspace service's events — never by its database or an RPC per request. A
 * deleted workspace stays as a tombstone. Events of one workspace share its partition (key =
 * workspace id), so they arrive in order; the upserts make a replay harmless anyway.
 */
@Injectable()
export class WorkspacesReplicaProjection implements EventReaction {
  readonly types = [WorkspaceCreated.type, WorkspaceUpdated.type, WorkspaceDeleted.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    switch (event.type) {
      case WorkspaceCreated.type: {
        const d = event.data as Data<typeof WorkspaceCreated>;
        await manager.query(
          `INSERT INTO workspaces (id, org_id, name, updated_at) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING`,
          [d.workspace_id, event.orgid, d.name, event.time],
        );
        return;
      }
      case WorkspaceUpdated.type: {
        const { workspace_id, changes } = event.data as Data<typeof WorkspaceUpdated>;
        if (!changes.name) return;
        await manager.query(`UPDATE workspaces SET name = $2, updated_at = $3 WHERE id = $1`, [workspace_id, changes.name.to, event.time]);
        return;
      }
      case WorkspaceDeleted.type: {
        const d = event.data as Data<typeof WorkspaceDeleted>;
        await manager.query(
          `INSERT INTO workspaces (id, org_id, name, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$4)
           ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at`,
          [d.workspace_id, event.orgid, d.name, event.time],
        );
        return;
      }
      default:
        return;
    }
  }
}
