import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvitationCreated, notFound, WorkspaceCreated, WorkspaceDeleted, WorkspaceUpdated, type CloudEvent } from '@steward/contracts';
import type { EventReaction, InlineProjection, InlineProjectionOptions, StoredEvent } from '@steward/event-store';

type Db = Pick<EntityManager, 'query'>;
type Data<D> = D extends { schema: { static: infer S } } ? S : never;

/**
 * Serializes invitations to a workspace with the workspace's deletion (held to commit): issuing
 * takes it shared, the deletion's reaction exclusive — so an invitation issued while the
 * workspace is being deleted is either revoked by that reaction or refused.
 */
export async function lockInvitationsToWorkspace(db: Db, workspaceId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await db.query(`SELECT ${fn}(hashtext('invitations-to-workspace:' || $1))`, [workspaceId]);
}

/** Whether identity has seen the workspace deleted (a workspace it has not heard of yet is not). */
export async function isDeletedWorkspace(db: Db, orgId: string, workspaceId: string): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM directory_workspaces WHERE id = $1 AND org_id = $2 AND deleted_at IS NOT NULL`, [workspaceId, orgId]);
  return rows.length > 0;
}

/**
 * Identity's replica of the organization's workspaces (`directory_workspaces`: id, name, deleted),
 * fed by the workspace service's events — for the names in manager grants. A deleted workspace
 * stays as a tombstone.
 */
@Injectable()
export class DirectoryWorkspacesProjection implements EventReaction {
  readonly types = [WorkspaceCreated.type, WorkspaceUpdated.type, WorkspaceDeleted.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    switch (event.type) {
      case WorkspaceCreated.type: {
        const d = event.data as Data<typeof WorkspaceCreated>;
        await manager.query(`INSERT INTO directory_workspaces (id, org_id, name, updated_at) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING`, [
          d.workspace_id,
          event.orgid,
          d.name,
          event.time,
        ]);
        return;
      }
      case WorkspaceUpdated.type: {
        const { workspace_id, changes } = event.data as Data<typeof WorkspaceUpdated>;
        if (!changes.name) return;
        await manager.query(`UPDATE directory_workspaces SET name = $2, updated_at = $3 WHERE id = $1`, [workspace_id, changes.name.to, event.time]);
        return;
      }
      case WorkspaceDeleted.type: {
        const d = event.data as Data<typeof WorkspaceDeleted>;
        await lockInvitationsToWorkspace(manager, d.workspace_id, 'exclusive');
        await manager.query(
          `INSERT INTO directory_workspaces (id, org_id, name, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$4)
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

/**
 * In the append transaction of an invitation to a workspace: refuses it (404) when the workspace
 * is known to be deleted, under the lock the deletion's reaction takes.
 */
@Injectable()
export class WorkspaceInvitationGuardProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    // A replay checks nothing: the invitation was accepted then, the workspace may be deleted now.
    if (options.replay) return;
    for (const stored of events) {
      if (stored.event.type !== InvitationCreated.type) continue;
      const { workspace_id } = stored.event.data as Data<typeof InvitationCreated>;
      if (!workspace_id) continue;
      await lockInvitationsToWorkspace(manager, workspace_id, 'shared');
      if (await isDeletedWorkspace(manager, stored.context.org_id, workspace_id)) throw notFound('workspace');
    }
  }
}
