import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceMemberAdded, WorkspaceMemberRemoved, type WorkspaceMemberResource } from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';

/** A `workspace_members` row joined with the user's entry in the directory replica. */
export interface MemberRow {
  user_id: string;
  role: string;
  joined_at: Date;
  name: string | null;
  email: string | null;
}

export function toMemberResource(row: MemberRow): WorkspaceMemberResource {
  return { user_id: row.user_id, name: row.name, email: row.email, role: row.role, joined_at: new Date(row.joined_at).toISOString() };
}

type Db = Pick<EntityManager, 'query'>;

/**
 * Whether the workspace exists in the organization. With `forShare` (inside a transaction) the
 * row stays locked until commit, so a concurrent delete of the workspace waits for the caller —
 * and then its `workspace.deleted` reaction sees the membership the caller added.
 */
export async function workspaceExists(db: Db, orgId: string, workspaceId: string, options: { forShare?: boolean } = {}): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM workspaces WHERE id = $1 AND org_id = $2${options.forShare ? ' FOR SHARE' : ''}`, [
    workspaceId,
    orgId,
  ]);
  return rows.length > 0;
}

/** The members of a workspace (user ids), or the workspaces a user is a member of. */
export async function membershipsOfWorkspace(db: Db, orgId: string, workspaceId: string): Promise<string[]> {
  const rows: { user_id: string }[] = await db.query(`SELECT user_id FROM workspace_members WHERE workspace_id = $1 AND org_id = $2`, [workspaceId, orgId]);
  return rows.map((r) => r.user_id);
}

export async function membershipsOfUser(db: Db, orgId: string, userId: string): Promise<string[]> {
  const rows: { workspace_id: string }[] = await db.query(`SELECT workspace_id FROM workspace_members WHERE user_id = $1 AND org_id = $2`, [userId, orgId]);
  return rows.map((r) => r.workspace_id);
}

/** Keeps `workspace_members` in step with membership streams, inside the append transaction. */
@Injectable()
export class MembershipReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (stored.event.type === WorkspaceMemberAdded.type) {
        const data = stored.event.data as (typeof WorkspaceMemberAdded)['schema']['static'];
        await manager.query(
          `INSERT INTO workspace_members (workspace_id, user_id, org_id, role, invitation_id, joined_at) VALUES ($1,$2,$3,$4,$5,$6)`,
          [data.workspace_id, data.user_id, stored.context.org_id, data.role, data.invitation_id, stored.occurredAt],
        );
      } else if (stored.event.type === WorkspaceMemberRemoved.type) {
        const data = stored.event.data as (typeof WorkspaceMemberRemoved)['schema']['static'];
        await manager.query(`DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2`, [data.workspace_id, data.user_id]);
      }
    }
  }
}
