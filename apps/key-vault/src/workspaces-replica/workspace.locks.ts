import type { EntityManager } from 'typeorm';

/**
 * Serializes what depends on a workspace being alive (a destination or key created for it) with
 * the replica learning of its deletion (held to commit): either the creation commits first and
 * the deletion's reactions see it, or the creation sees the workspace deleted and is refused.
 */
export async function lockWorkspace(db: Pick<EntityManager, 'query'>, workspaceId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('key-vault-workspace:' || $1))`, [workspaceId]);
}
