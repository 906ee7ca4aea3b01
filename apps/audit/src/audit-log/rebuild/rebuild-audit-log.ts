import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { eventDefinition, type CloudEvent } from '@steward/contracts';
import { readEventStores, type EventStoreSource } from '@steward/event-store';
import { validateCloudEvent } from '@steward/messaging';
import { AuditLogProjection } from '../audit-log.projection';
import { auditEntryFromEvent, type AuditEntryValues } from '../audit-entry.mapping';
import {
  GENESIS_HASH,
  LIVE_TABLES,
  appendToChains,
  chainHash,
  compareKeys,
  contentHashes,
  insertChained,
  lockTablesExclusive,
  writeAnchors,
  type AuditAnchor,
  type AuditTables,
  type ChainKey,
  type ChainedEntry,
} from '../chain/audit-chain';

export const REBUILD_TABLES: AuditTables = { entries: 'audit_entries_rebuild', anchors: 'audit_anchors_rebuild' };

/** Only one rebuild at a time (a session lock held for the whole run). */
const REBUILD_LOCK = 'audit:rebuild';

/**
 * How far before the bulk read's start the catch-up looks in the projection's ledger. The live
 * projection can only have recorded an event the bulk read missed after that event committed,
 * so after the read started; the margin covers clocks of different database servers.
 */
const LEDGER_MARGIN = '60 seconds';

export interface RebuildOptions {
  retentionDays: number;
  /** Events per batch (read, hashed and inserted together). */
  batchSize?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface RebuildSummary {
  /** Events read from the event stores (bulk read and catch-up). */
  events: number;
  /** Entries in the rebuilt log when it was swapped in. */
  entries: number;
  /** Events older than the retention: hashed into the chain, not written. */
  expired: number;
  /** Events that are not valid or make no audit entry (skipped, as the live projection does). */
  skipped: number;
  /** Events recorded by the live projection while the rebuild ran, added before the swap. */
  caught_up: number;
  seconds: number;
  events_per_second: number;
}

interface ChainTip extends ChainKey {
  hash: string;
}

/**
 * Rebuilds the audit log from the beginning, from the event stores, into fresh tables, and
 * swaps them in:
 *
 * 1. Reads every event of the stores merged in `(time, event id)` order (`readEventStores`),
 *    validates and maps it exactly as the live projection does, and appends it to its
 *    organization's chain in `audit_entries_rebuild` — in chain order, so each link is the
 *    previous one's hash. Entries older than the retention are hashed into the chain but not
 *    written; the last of them becomes the organization's anchor. Ids and hashes are functions
 *    of the events alone, so a rebuild reproduces the entries it replaces.
 * 2. Builds the live table's indexes and constraints on the new tables (faster after the load).
 * 3. Catches up on events the live projection recorded since the read started (they may be
 *    missing from the read's snapshot), with the live projection's own chain code; once more
 *    under the exclusive tables lock, which the live projection and the purge take shared, and
 *    in that transaction renames the new tables (and their indexes) into place and drops the
 *    old ones. Events the live projection has not recorded yet go into the new tables when it
 *    does (it skips entries already present).
 */
export async function rebuildAuditLog(dataSource: DataSource, sources: readonly EventStoreSource[], options: RebuildOptions): Promise<RebuildSummary> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 5000;
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    const [{ locked }] = (await lockRunner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [REBUILD_LOCK])) as { locked: boolean }[];
    if (!locked) throw new Error('another audit rebuild is running');
    const t0 = performance.now();
    const summary: RebuildSummary = { events: 0, entries: 0, expired: 0, skipped: 0, caught_up: 0, seconds: 0, events_per_second: 0 };
    const manager = dataSource.manager;

    await createRebuildTables(manager);
    const [{ started, cutoff }] = (await manager.query(
      `SELECT now() AS started, to_char((now() - make_interval(days => $1)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS cutoff`,
      [options.retentionDays],
    )) as { started: Date; cutoff: string }[];

    // 1. The bulk read, in chain order.
    const tips = new Map<string, ChainTip>();
    const anchors = new Map<string, AuditAnchor>();
    // The next batch is read from the stores while this one is hashed and inserted.
    const reader = readEventStores(sources, { batchSize });
    let pending = reader.next();
    try {
      for (;;) {
        const read = await pending;
        if (read.done) break;
        pending = reader.next();
        const batch = read.value;
        summary.events += batch.length;
        const entries = mapEvents(batch, summary, log);
        const hashes = await contentHashes(manager, entries);
        const kept: ChainedEntry[] = [];
        entries.forEach((entry, i) => {
          const tip = tips.get(entry.org_id);
          if (tip && compareKeys(entry, tip) <= 0) throw new Error(`events out of chain order at ${entry.event_id}`);
          const prev = tip?.hash ?? GENESIS_HASH;
          const hash = chainHash(prev, hashes[i]);
          tips.set(entry.org_id, { occurred_at: entry.occurred_at, id: entry.id, hash });
          if (entry.occurred_at < cutoff) {
            anchors.set(entry.org_id, { occurred_at: entry.occurred_at, id: entry.id, hash });
            summary.expired += 1;
          } else kept.push({ entry, content_hash: hashes[i], prev_hash: prev, hash });
        });
        await insertChained(manager, REBUILD_TABLES, kept);
        log('rebuild progress', { events: summary.events, seconds: Math.round((performance.now() - t0) / 100) / 10 });
      }
    } finally {
      // Stops the read (its cursors close) also when a batch failed.
      await pending.catch(() => undefined);
      await reader.return(undefined);
    }

    // 2. Indexes and constraints, then the anchors (their upsert needs the primary key).
    const renames = [
      ...(await copyIndexes(manager, LIVE_TABLES.entries, REBUILD_TABLES.entries)),
      ...(await copyIndexes(manager, LIVE_TABLES.anchors, REBUILD_TABLES.anchors)),
    ];
    await writeAnchors(manager, REBUILD_TABLES, anchors);
    log('rebuild loaded; catching up', { events: summary.events, seconds: Math.round((performance.now() - t0) / 100) / 10 });

    // 3. Catch up without blocking the live projection, then briefly with it blocked, and swap.
    await dataSource.transaction((tx) => catchUp(tx, sources, started, options.retentionDays, summary, log));
    await dataSource.transaction(async (tx) => {
      await lockTablesExclusive(tx);
      await catchUp(tx, sources, started, options.retentionDays, summary, log);
      const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM ${REBUILD_TABLES.entries}`)) as { count: number }[];
      summary.entries = count;
      await swap(tx, renames);
    });

    summary.seconds = (performance.now() - t0) / 1000;
    summary.events_per_second = summary.events / summary.seconds;
    return summary;
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await lockRunner.release();
  }
}

/** Valid events that make an audit entry, mapped as the live projection maps them. */
function mapEvents(events: CloudEvent[], summary: RebuildSummary, log: NonNullable<RebuildOptions['log']>): AuditEntryValues[] {
  const entries: AuditEntryValues[] = [];
  for (const raw of events) {
    const { event, reason: invalid } = validateCloudEvent(raw);
    const { entry, reason } = event ? auditEntryFromEvent(event, eventDefinition(event.type)) : { entry: undefined, reason: invalid };
    if (entry) entries.push(entry);
    else {
      summary.skipped += 1;
      log('event skipped: it makes no valid audit entry', { event_id: raw.id, event_type: raw.type, reason });
    }
  }
  return entries;
}

async function createRebuildTables(manager: EntityManager): Promise<void> {
  for (const [live, rebuild] of [
    [LIVE_TABLES.entries, REBUILD_TABLES.entries],
    [LIVE_TABLES.anchors, REBUILD_TABLES.anchors],
  ]) {
    // A rebuild that stopped half-way left its tables behind: start afresh.
    await manager.query(`DROP TABLE IF EXISTS ${rebuild}`);
    // Columns, defaults, NOT NULL and CHECK constraints; indexes come after the load.
    await manager.query(`CREATE TABLE ${rebuild} (LIKE ${live} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`);
  }
}

/**
 * Creates every index and unique/primary-key constraint of `from` on `to`, named `<name>_rebuild`;
 * returns the renames that give them their names back once `from` is gone.
 */
async function copyIndexes(manager: EntityManager, from: string, to: string): Promise<{ from: string; to: string }[]> {
  const indexes: { name: string; indexdef: string; conname: string | null; condef: string | null }[] = await manager.query(
    `SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS indexdef, c.conname, pg_get_constraintdef(c.oid) AS condef
     FROM pg_index i
     JOIN pg_class ci ON ci.oid = i.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
     WHERE i.indrelid = $1::regclass`,
    [from],
  );
  const renames: { from: string; to: string }[] = [];
  for (const index of indexes) {
    const temporary = `${index.name}_rebuild`;
    if (temporary.length > 63) throw new Error(`index name ${index.name} is too long to copy`);
    if (index.conname && index.condef) {
      await manager.query(`ALTER TABLE ${to} ADD CONSTRAINT ${temporary} ${index.condef}`);
    } else {
      const definition = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .*)$/.exec(index.indexdef);
      if (!definition) throw new Error(`cannot copy index ${index.name}: ${index.indexdef}`);
      await manager.query(`CREATE ${definition[1] ?? ''}INDEX ${temporary} ON ${to} ${definition[2]}`);
    }
    renames.push({ from: temporary, to: index.name });
  }
  return renames;
}

/** Adds the events the live projection recorded since `since` that the rebuilt log lacks. */
async function catchUp(
  manager: EntityManager,
  sources: readonly EventStoreSource[],
  since: Date,
  retentionDays: number,
  summary: RebuildSummary,
  log: NonNullable<RebuildOptions['log']>,
): Promise<void> {
  const missing: { event_id: string }[] = await manager.query(
    `SELECT p.event_id FROM processed_events p
     WHERE p.consumer = $1 AND p.processed_at >= $2::timestamptz - interval '${LEDGER_MARGIN}'
       AND NOT EXISTS (SELECT 1 FROM ${REBUILD_TABLES.entries} r WHERE r.event_id = p.event_id)`,
    [AuditLogProjection.consumer, since],
  );
  if (missing.length === 0) return;
  for await (const batch of readEventStores(sources, { eventIds: missing.map((m) => m.event_id) })) {
    summary.events += batch.length;
    const result = await appendToChains(manager, REBUILD_TABLES, mapEvents(batch, summary, log), retentionDays);
    summary.caught_up += result.inserted;
    summary.expired += result.expired.length;
  }
}

/** Puts the rebuilt tables in place of the live ones (in the caller's transaction). */
async function swap(manager: EntityManager, renames: { from: string; to: string }[]): Promise<void> {
  for (const tables of [LIVE_TABLES.entries, LIVE_TABLES.anchors]) {
    await manager.query(`ALTER TABLE ${tables} RENAME TO ${tables}_replaced`);
  }
  await manager.query(`ALTER TABLE ${REBUILD_TABLES.entries} RENAME TO ${LIVE_TABLES.entries}`);
  await manager.query(`ALTER TABLE ${REBUILD_TABLES.anchors} RENAME TO ${LIVE_TABLES.anchors}`);
  await manager.query(`DROP TABLE ${LIVE_TABLES.entries}_replaced, ${LIVE_TABLES.anchors}_replaced`);
  // An index backing a constraint renames the constraint with it.
  for (const rename of renames) await manager.query(`ALTER INDEX ${rename.from} RENAME TO ${rename.to}`);
}
