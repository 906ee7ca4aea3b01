import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export interface Recipient {
  user_id: string;
  name: string;
  email: string;
}

/** The organization roles whose holders hear about keys routed to their workspace's destinations. */
export const WORKSPACE_KEY_NOTICE_ROLES = ['owner', 'admin'] as const;

/**
 * Who is told that a key was routed to a destination of `workspaceId` (docs/decisions.md):
 * the workspace's members whose organization role is `owner` or `admin` and who are active;
 * when the workspace has none, the organization's active owners (an organization always keeps
 * one). Read from notification's replicas, so it is decided when the job runs: a replica that
 * was behind when the job was queued has caught up by then.
 */
export async function workspaceKeyNoticeRecipients(db: Db, orgId: string, workspaceId: string): Promise<Recipient[]> {
  const members: Recipient[] = await db.query(
    `SELECT u.id AS user_id, u.name, u.email FROM directory_users u
     JOIN workspace_members m ON m.user_id = u.id AND m.workspace_id = $2
     WHERE u.org_id = $1 AND u.deleted_at IS NULL AND u.status = 'active' AND u.role = ANY($3::text[])
     ORDER BY u.id`,
    [orgId, workspaceId, WORKSPACE_KEY_NOTICE_ROLES],
  );
  if (members.length) return members;
  return db.query(
    `SELECT id AS user_id, name, email FROM directory_users
     WHERE org_id = $1 AND deleted_at IS NULL AND status = 'active' AND role = 'owner'
     ORDER BY id`,
    [orgId],
  );
}
