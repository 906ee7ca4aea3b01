import type { EntityManager } from 'typeorm';

/**
 * The advisory-lock key of a role. Whoever deletes a custom role and whoever assigns one (to a
 * user or in a manager grant) takes this lock inside their append transaction, then checks the
 * `roles` / `users` / `managers` tables: so a role is never deleted while being assigned.
 */
export function roleLockKey(roleId: string): string {
  return `role:${roleId}`;
}

/** Takes the role's transaction-scoped lock (`pg_advisory_xact_lock`); released at commit/rollback. */
export async function lockRole(manager: EntityManager, roleId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [roleLockKey(roleId)]);
}
