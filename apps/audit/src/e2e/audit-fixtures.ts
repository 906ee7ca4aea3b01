/**
 * Test fixtures that write the audit database directly, standing in for history the stack
 * cannot produce quickly (months-old entries, tens of thousands of them). They link entries
 * exactly as the projection does — content hashes by the database's `audit_content_hash`,
 * chain hashes by `chainHash` — under the organization's chain lock.
 */
import type { Client } from 'pg';
import { newId } from '@steward/contracts';
import { GENESIS_HASH, chainHash } from '../audit-log/chain/audit-chain';

async function inChainLock(db: Client, orgId: string, work: () => Promise<void>): Promise<void> {
  await db.query('BEGIN');
  try {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('audit-chain:' || $1))`, [orgId]);
    await work();
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/** Recomputes `prev_hash`/`hash` of the organization's whole chain in its order (no anchor). */
async function relink(db: Client, orgId: string): Promise<void> {
  const { rows } = await db.query<{ id: string; content_hash: string }>(
    'SELECT id, content_hash FROM audit_entries WHERE org_id = $1 ORDER BY occurred_at, id',
    [orgId],
  );
  const prevs: string[] = [];
  const hashes: string[] = [];
  let prev = GENESIS_HASH;
  for (const row of rows) {
    prevs.push(prev);
    prev = chainHash(prev, row.content_hash);
    hashes.push(prev);
  }
  await db.query(
    `UPDATE audit_entries AS e SET prev_hash = r.prev_hash, hash = r.hash
     FROM unnest($1::text[], $2::text[], $3::text[]) AS r(id, prev_hash, hash) WHERE e.id = r.id`,
    [rows.map((r) => r.id), prevs, hashes],
  );
}

const CONTENT_HASH = `audit_content_hash(id, org_id, action, actor_type, actor_id, target_type, target_id, workspace_id,
  request_id, ip, user_agent, changes, occurred_at, event_id, event_type)`;

/** Makes entries look as if recorded `days` earlier: time moved back, content hash and chain redone. */
export async function backDate(db: Client, orgId: string, ids: string[], days: number): Promise<void> {
  await inChainLock(db, orgId, async () => {
    await db.query(`UPDATE audit_entries SET occurred_at = occurred_at - make_interval(days => $2) WHERE id = ANY($1::text[])`, [ids, days]);
    await db.query(`UPDATE audit_entries SET content_hash = ${CONTENT_HASH} WHERE id = ANY($1::text[])`, [ids]);
    await relink(db, orgId);
  });
}

/**
 * Adds `count` `user.update` entries of a system actor to the organization, one millisecond
 * apart from `from` on, and relinks its chain. Returns their ids in chain order.
 */
export async function seedEntries(db: Client, orgId: string, count: number, from: Date): Promise<string[]> {
  const eventIds = Array.from({ length: count }, () => newId('evt'));
  const ids = eventIds.map((id) => `aud_${id.slice('evt_'.length)}`);
  const times = eventIds.map((_, i) => new Date(from.getTime() + i).toISOString());
  await inChainLock(db, orgId, async () => {
    await db.query(
      `INSERT INTO audit_entries (id, org_id, action, actor_type, actor_id, target_type, target_id, changes, occurred_at, event_id, event_type,
                                  content_hash, prev_hash, hash)
       SELECT id, $4, 'user.update', 'system', 'seed', 'user', 'usr_seed', '{"name": {"from": "a", "to": "b"}}'::jsonb, occurred_at, event_id,
              'user.updated', '', '', ''
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS s(id, event_id, occurred_at)`,
      [ids, eventIds, times, orgId],
    );
    await db.query(`UPDATE audit_entries SET content_hash = ${CONTENT_HASH} WHERE id = ANY($1::text[])`, [ids]);
    await relink(db, orgId);
  });
  return ids;
}
