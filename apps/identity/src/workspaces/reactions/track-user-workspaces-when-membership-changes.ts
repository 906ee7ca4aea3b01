import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceMemberAdded, WorkspaceMemberRemoved, type CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

/**
 * Keeps a user's `workspace_ids` (users read table) in step with the workspace service's
 * memberships. Read model only: the user's stream, version and `updated_at` do not change.
 */
@Injectable()
export class TrackUserWorkspacesWhenMembershipChanges implements EventReaction {
  readonly types = [WorkspaceMemberAdded.type, WorkspaceMemberRemoved.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { workspace_id, user_id } = event.data as { workspace_id: string; user_id: string };
    if (event.type === WorkspaceMemberAdded.type) {
      await manager.query(
        `UPDATE users SET workspace_ids = workspace_ids || jsonb_build_array($2::text) WHERE id = $1 AND org_id = $3 AND NOT workspace_ids @> jsonb_build_array($2::text)`,
        [user_id, workspace_id, event.orgid],
      );
    } else {
      await manager.query(`UPDATE users SET workspace_ids = workspace_ids - $2::text WHERE id = $1 AND org_id = $3`, [user_id, workspace_id, event.orgid]);
    }
  }
}
