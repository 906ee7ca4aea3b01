import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  WorkspaceCreated,
  WorkspaceDeleted,
  WorkspaceMemberAdded,
  WorkspaceMemberRemoved,
  WorkspaceUpdated,
  type CloudEvent,
} from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

type Data<D> = D extends { schema: { static: infer S } } ? S : never;

/**
 * Notification's replica of workspaces (name, for emails) and their members, fed by the
 * workspace service's events. A membership ends by `workspace.member_removed` (also emitted
 * when the user or the workspace is deleted); a deleted workspace stays as a tombstone.
 */
@Injectable()
export class WorkspaceMembersProjection implements EventReaction {
  readonly types = [WorkspaceCreated.type, WorkspaceUpdated.type, WorkspaceDeleted.type, WorkspaceMemberAdded.type, WorkspaceMemberRemoved.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const at = event.time;
    switch (event.type) {
      case WorkspaceCreated.type: {
        const d = event.data as Data<typeof WorkspaceCreated>;
        await manager.query(`INSERT INTO workspaces (id, org_id, name, updated_at) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING`, [
          d.workspace_id,
          event.orgid,
          d.name,
          at,
        ]);
        return;
      }
      case WorkspaceUpdated.type: {
        const { workspace_id, changes } = event.data as Data<typeof WorkspaceUpdated>;
        if (typeof changes.name?.to !== 'string') return;
        await manager.query(`UPDATE workspaces SET name = $2, updated_at = $3 WHERE id = $1`, [workspace_id, changes.name.to, at]);
        return;
      }
      case WorkspaceDeleted.type: {
        const d = event.data as Data<typeof WorkspaceDeleted>;
        await manager.query(
          `INSERT INTO workspaces (id, org_id, name, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$4)
           ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at`,
          [d.workspace_id, event.orgid, d.name, at],
        );
        return;
      }
      case WorkspaceMemberAdded.type: {
        const d = event.data as Data<typeof WorkspaceMemberAdded>;
        await manager.query(
          `INSERT INTO workspace_members (workspace_id, user_id, org_id, added_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
          [d.workspace_id, d.user_id, event.orgid, at],
        );
        return;
      }
      case WorkspaceMemberRemoved.type: {
        const d = event.data as Data<typeof WorkspaceMemberRemoved>;
        await manager.query(`DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2`, [d.workspace_id, d.user_id]);
        return;
      }
      default:
        return;
    }
  }
}
