import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditEntryValues } from '../audit-entry.mapping';

/**
 * The audit log's hash chain (see migration AuditChain1764140000210): per organization, in the
 * list order key `(occurred_at, id)` ascending, each entry stores `content_hash` (SQL function
 * `audit_content_hash` over its content), `prev_hash` (the previous entry's `hash`, or the
 * organization's retention anchor, or GENESIS_HASH) and `hash` = sha256(prev_hash || content_hash).
 * Everything here is a pure function of the entries, so a rebuild from the events reproduces
 * the same chain.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** `audit_chain_hash` in SQL: the hex SHA-256 of the two hex strings joined. */
export function chainHash(prevHash: string, contentHash: string): string {
  return createHash('sha256').update(prevHash + contentHash).digest('hex');
}

/** The tables an audit writer works on: the live ones, or a rebuild's until they are swapped in. */
export interface AuditTables {
  entries: string;
  anchors: string;
}

export const LIVE_TABLES: AuditTables = { entries: 'audit_entries', anchors: 'audit_anchors' };

/**
 * Advisory lock over the live tables as a whole: writers (the projection, the retention purge)
 * hold it shared for their transaction; a rebuild holds it exclusively while it catches up and
 * swaps its tables in, so no write lands in a table that is being replaced.
 */
const TABLES_LOCK = 'audit:tables';

export async function lockTablesShared(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [TABLES_LOCK]);
}

export async function lockTablesExclusive(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TABLES_LOCK]);
}

/** The organization's chain lock: whoever links entries into it or purges its head holds it. */
export async function lockChain(manager: EntityManager, orgId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit-chain:' || $1))`, [orgId]);
}

/** An entry's place in its organization's chain (and in the list, read backwards). */
export interface ChainKey {
  /** ISO 8601 UTC with milliseconds. */
  occurred_at: string;
  id: string;
}

export function compareKeys(a: ChainKey, b: ChainKey): number {
  if (a.occurred_at !== b.occurred_at) return a.occurred_at < b.occurred_at ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** A retention anchor: the hash (and key) of the last purged entry of an organization. */
export interface AuditAnchor extends ChainKey {
  hash: string;
}

export async function readAnchor(manager: EntityManager, tables: AuditTables, orgId: string): Promise<AuditAnchor | undefined> {
  const rows: { hash: string; occurred_at: Date; entry_id: string }[] = await manager.query(
    `SELECT hash, occurred_at, entry_id FROM ${tables.anchors} WHERE org_id = $1`,
    [orgId],
  );
  const row = rows[0];
  return row && { hash: row.hash, occurred_at: new Date(row.occurred_at).toISOString(), id: row.entry_id };
}

export async function writeAnchors(manager: EntityManager, tables: AuditTables, anchors: Map<string, AuditAnchor>): Promise<void> {
  if (anchors.size === 0) return;
  const orgs = [...anchors.keys()];
  await manager.query(
    `INSERT INTO ${tables.anchors} (org_id, hash, occurred_at, entry_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[])
     ON CONFLICT (org_id) DO UPDATE SET hash = EXCLUDED.hash, occurred_at = EXCLUDED.occurred_at,
       entry_id = EXCLUDED.entry_id, updated_at = now()`,
    [orgs, orgs.map((o) => anchors.get(o)?.hash), orgs.map((o) => anchors.get(o)?.occurred_at), orgs.map((o) => anchors.get(o)?.id)],
  );
}

/** Content columns and their Postgres types, in `audit_content_hash`'s parameter order. */
const CONTENT_COLUMNS: readonly [keyof AuditEntryValues, string][] = [
  ['id', 'text'],
  ['org_id', 'text'],
  ['action', 'text'],
  ['actor_type', 'text'],
  ['actor_id', 'text'],
  ['target_type', 'text'],
  ['target_id', 'text'],
  ['workspace_id', 'text'],
  ['request_id', 'text'],
  ['ip', 'text'],
  ['user_agent', 'text'],
  ['changes', 'jsonb'],
  ['occurred_at', 'timestamptz'],
  ['event_id', 'text'],
  ['event_type', 'text'],
];

const COLUMN_LIST = CONTENT_COLUMNS.map(([name]) => name).join(', ');

/** One array per content column: a whole batch travels as 15 parameters. */
function columnArrays(entries: readonly AuditEntryValues[]): unknown[][] {
  return CONTENT_COLUMNS.map(([name]) => entries.map((entry) => (name === 'changes' ? JSON.stringify(entry.changes) : entry[name])));
}

const UNNEST = CONTENT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');

/** `audit_content_hash` of each entry, in order, computed by the database (the one definition). */
export async function contentHashes(manager: EntityManager, entries: readonly AuditEntryValues[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows: { content_hash: string }[] = await manager.query(
    `SELECT audit_content_hash(${COLUMN_LIST}) AS content_hash
     FROM unnest(${UNNEST}) WITH ORDINALITY AS e(${COLUMN_LIST}, n) ORDER BY n`,
    columnArrays(entries),
  );
  return rows.map((row) => row.content_hash);
}

/** An entry with its chain columns, ready to insert. */
export interface ChainedEntry {
  entry: AuditEntryValues;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

/** Inserts chained entries with one statement (the caller has checked they are new). */
export async function insertChained(manager: EntityManager, tables: AuditTables, chained: readonly ChainedEntry[]): Promise<void> {
  if (chained.length === 0) return;
  const n = CONTENT_COLUMNS.length;
  await manager.query(
    `INSERT INTO ${tables.entries} (${COLUMN_LIST}, content_hash, prev_hash, hash)
     SELECT * FROM unnest(${UNNEST}, $${n + 1}::text[], $${n + 2}::text[], $${n + 3}::text[])`,
    [
      ...columnArrays(chained.map((c) => c.entry)),
      chained.map((c) => c.content_hash),
      chained.map((c) => c.prev_hash),
      chained.map((c) => c.hash),
    ],
  );
}

export interface AppendResult {
  inserted: number;
  /** Entries already in the log (a replay), skipped before chaining. */
  existing: number;
  /** Entries older than the retention cutoff or the organization's anchor: not recorded. */
  expired: AuditEntryValues[];
  /** Existing entries after a late arrival whose chain hashes were recomputed. */
  relinked: number;
}

/**
 * Links new entries into their organizations' chains and inserts them, in the caller's
 * transaction. Entries of the three contexts arrive interleaved, so a new entry may belong
 * before entries already recorded: per organization (in a fixed order, under its chain lock),
 * the new entries are merged with the existing tail after the earliest of them, and the tail's
 * `prev_hash`/`hash` are recomputed — never its `content_hash`, so an edited row stays
 * detectable. Entries already present (by event id) are skipped; entries older than the
 * retention cutoff, or not after the organization's retention anchor, are not recorded.
 */
export async function appendToChains(
  manager: EntityManager,
  tables: AuditTables,
  entries: readonly AuditEntryValues[],
  retentionDays: number,
): Promise<AppendResult> {
  const result: AppendResult = { inserted: 0, existing: 0, expired: [], relinked: 0 };
  const unique = [...new Map(entries.map((e) => [e.event_id, e])).values()];
  if (unique.length === 0) return result;
  const present: { event_id: string }[] = await manager.query(`SELECT event_id FROM ${tables.entries} WHERE event_id = ANY($1::text[])`, [
    unique.map((e) => e.event_id),
  ]);
  const existing = new Set(present.map((r) => r.event_id));
  result.existing = existing.size;
  const fresh = unique.filter((e) => !existing.has(e.event_id));
  if (fresh.length === 0) return result;

  const [{ cutoff }] = (await manager.query(`SELECT to_char((now() - make_interval(days => $1)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS cutoff`, [
    retentionDays,
  ])) as { cutoff: string }[];

  const byOrg = new Map<string, AuditEntryValues[]>();
  for (const entry of fresh) byOrg.set(entry.org_id, [...(byOrg.get(entry.org_id) ?? []), entry]);
  // A fixed lock order: two writers touching the same organizations never wait on each other in a cycle.
  for (const orgId of [...byOrg.keys()].sort()) {
    await lockChain(manager, orgId);
    const anchor = await readAnchor(manager, tables, orgId);
    const kept: AuditEntryValues[] = [];
    for (const entry of byOrg.get(orgId) ?? []) {
      if (entry.occurred_at < cutoff || (anchor && compareKeys(entry, anchor) <= 0)) result.expired.push(entry);
      else kept.push(entry);
    }
    if (kept.length === 0) continue;
    kept.sort(compareKeys);
    const hashes = await contentHashes(manager, kept);
    const first = kept[0];

    const predecessor: { hash: string }[] = await manager.query(
      `SELECT hash FROM ${tables.entries} WHERE org_id = $1 AND (occurred_at, id) < ($2::timestamptz, $3::text)
       ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [orgId, first.occurred_at, first.id],
    );
    const tail: { id: string; occurred_at: Date; content_hash: string; prev_hash: string; hash: string }[] = await manager.query(
      `SELECT id, occurred_at, content_hash, prev_hash, hash FROM ${tables.entries}
       WHERE org_id = $1 AND (occurred_at, id) > ($2::timestamptz, $3::text) ORDER BY occurred_at, id`,
      [orgId, first.occurred_at, first.id],
    );

    type Link = { key: ChainKey; content_hash: string; fresh?: AuditEntryValues; stored?: { prev_hash: string; hash: string } };
    const links: Link[] = [
      ...kept.map((entry, i) => ({ key: entry, content_hash: hashes[i], fresh: entry })),
      ...tail.map((row) => ({
        key: { occurred_at: new Date(row.occurred_at).toISOString(), id: row.id },
        content_hash: row.content_hash,
        stored: { prev_hash: row.prev_hash, hash: row.hash },
      })),
    ].sort((a, b) => compareKeys(a.key, b.key));

    let prev = predecessor[0]?.hash ?? anchor?.hash ?? GENESIS_HASH;
    const inserts: ChainedEntry[] = [];
    const relinks: { id: string; prev_hash: string; hash: string }[] = [];
    for (const link of links) {
      const hash = chainHash(prev, link.content_hash);
      if (link.fresh) inserts.push({ entry: link.fresh, content_hash: link.content_hash, prev_hash: prev, hash });
      else if (link.stored && (link.stored.prev_hash !== prev || link.stored.hash !== hash)) relinks.push({ id: link.key.id, prev_hash: prev, hash });
      prev = hash;
    }
    await insertChained(manager, tables, inserts);
    if (relinks.length) {
      await manager.query(
        `UPDATE ${tables.entries} AS e SET prev_hash = r.prev_hash, hash = r.hash
         FROM unnest($1::text[], $2::text[], $3::text[]) AS r(id, prev_hash, hash) WHERE e.id = r.id`,
        [relinks.map((r) => r.id), relinks.map((r) => r.prev_hash), relinks.map((r) => r.hash)],
      );
    }
    result.inserted += inserts.length;
    result.relinked += relinks.length;
  }
  return result;
}
