import type { EntityManager } from 'typeorm';

/**
 * Serializes a destination's deletion with keys being routed to it (held to commit): whoever
 * creates a key with a `destination_id` takes this lock before checking the destination, and the
 * deletion takes it before counting the keys routed to it, so neither misses the other.
 */
export async function lockDestination(db: Pick<EntityManager, 'query'>, destinationId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('key-vault-destination:' || $1))`, [destinationId]);
}
