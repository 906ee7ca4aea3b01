import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent } from '@steward/contracts';
import { EventReactor, readEventStores, type EventStoreSource } from '@steward/event-store';
import { validateCloudEvent } from '@steward/messaging';
import { RecipientsSubscriber } from '../recipients.subscriber';
import { lockReplicasExclusive, REPLICA_TABLES, replicaReactions, unlockReplicas } from '../replicas-lock';

/**
 * Where a rebuild writes: a schema of its own in the notification database, with tables named
 * and indexed like the live ones and a processed-event ledger of its own. The rebuild's
 * connections see only this schema (`search_path`, `shadowConnectionOptions`), so the replica
 * reactions run unchanged and can reach nothing else — no job, no delivery record, no email.
 */
export const REBUILD_SCHEMA = 'notification_rebuild';
/** Where the live tables go for the moment of the swap (dropped in the same transaction). */
const REPLACED_SCHEMA = 'notification_replaced';
/** Only one rebuild at a time (a session lock held for the whole run). */
const REBUILD_LOCK = 'notification:replicas-rebuild';
/**
 * How far before the bulk read's start the catch-up looks in the live ledger. The live consumer
 * can only have recorded an event the bulk read missed after that event committed, so after the
 * read started; the margin covers clocks of different database servers.
 */
const LEDGER_MARGIN = '60 seconds';

/** Connection options of a DataSource on the rebuild's schema (pg's `options` startup parameter). */
export function shadowConnectionOptions(): { options: string } {
  return { options: `-c search_path=${REBUILD_SCHEMA}` };
}

export interface ReplicasRebuildOptions {
  /** Events per batch (read and applied in one transaction). */
  batchSize?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ReplicasRebuildSummary {
  /** Events read from the event stores (bulk read and catch-up). */
  events: number;
  /** Events applied to the replicas (the others are of no replica's concern). */
  applied: number;
  /** Events that are not valid Steward events (skipped, as the live consumer skips them). */
  skipped: number;
  /** Events recorded by the live consumer while the rebuild ran, added before the swap. */
  caught_up: number;
  /** Rows of each replica table when it was swapped in. */
  rows: Record<string, number>;
  seconds: number;
  events_per_second: number;
}

/**
 * Rebuilds notification's replicas (REPLICA_TABLES) from the beginning, from the event stores of
 * identity, workspace and key-vault, into fresh tables, and swaps them in — while the stack runs:
 *
 * 1. Creates REBUILD_SCHEMA with empty copies of the live tables (columns, constraints, indexes
 *    under the same names) and an empty processed-event ledger.
 * 2. Reads every event of the stores merged in `(time, event id)` order (`readEventStores`),
 *    validates it as the live consumer does and applies it with the live consumer's reactions
 *    (`replicaReactions`) through an EventReactor on `shadow` — a DataSource whose connections
 *    see only REBUILD_SCHEMA.
 * 3. Catches up on events the live consumer recorded since the read started (they may be missing
 *    from the read's snapshot); once more with the replicas lock held exclusively — the live
 *    consumer takes it shared before it writes, so it pauses — and then, in one transaction,
 *    moves the live tables out, the rebuilt ones in, and drops the old ones and the rebuild's
 *    schema. Events the live consumer has not recorded yet are applied by it to the new tables
 *    when it gets to them, in order (re-applying an event of a stream that the rebuild already
 *    applied lands on the same final row).
 *
 * Jobs, delivery records and the jobs projection's ledger are never touched: no email is queued
 * or sent again. A rebuild that fails leaves the live tables as they were.
 */
export async function rebuildReplicas(
  live: DataSource,
  shadow: DataSource,
  sources: readonly EventStoreSource[],
  options: ReplicasRebuildOptions = {},
): Promise<ReplicasRebuildSummary> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 2000;
  const session = live.createQueryRunner();
  await session.connect();
  try {
    const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [REBUILD_LOCK])) as { locked: boolean }[];
    if (!locked) throw new Error('another notification rebuild is running');
    const t0 = performance.now();
    const summary: ReplicasRebuildSummary = { events: 0, applied: 0, skipped: 0, caught_up: 0, rows: {}, seconds: 0, events_per_second: 0 };
    const reactor = new EventReactor(shadow, RecipientsSubscriber.consumer, replicaReactions());
    const apply = async (events: CloudEvent[]) => {
      summary.events += events.length;
      const applied = await reactor.handle(valid(events, summary, log));
      summary.applied += applied.length;
      return applied.length;
    };

    const [{ schema: liveSchema }] = (await session.query('SELECT current_schema() AS schema')) as { schema: string }[];
    await createShadowTables(live.manager, liveSchema);
    const [{ started }] = (await session.query('SELECT now() AS started')) as { started: Date }[];

    for await (const batch of readEventStores(sources, { batchSize })) {
      await apply(batch);
      log('rebuild progress', { events: summary.events, applied: summary.applied, seconds: elapsed(t0) });
    }
    log('replicas loaded; catching up', { events: summary.events, seconds: elapsed(t0) });

    // Without pausing the live consumer, then briefly with it paused, and swap.
    summary.caught_up += await catchUp(live.manager, liveSchema, sources, started, apply);
    await lockReplicasExclusive(session);
    try {
      summary.caught_up += await catchUp(live.manager, liveSchema, sources, started, apply);
      for (const table of REPLICA_TABLES) {
        const [{ count }] = (await live.query(`SELECT count(*)::int AS count FROM ${REBUILD_SCHEMA}.${table}`)) as { count: number }[];
        summary.rows[table] = count;
      }
      await live.transaction((tx) => swap(tx, liveSchema));
    } finally {
      await unlockReplicas(session);
    }

    summary.seconds = elapsed(t0);
    summary.events_per_second = Math.round(summary.events / Math.max(summary.seconds, 0.001));
    return summary;
  } finally {
    await session.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await session.release();
  }
}

const elapsed = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

/** The events the live consumer would apply: valid Steward events (it skips the others). */
function valid(events: CloudEvent[], summary: ReplicasRebuildSummary, log: NonNullable<ReplicasRebuildOptions['log']>): CloudEvent[] {
  const kept: CloudEvent[] = [];
  for (const raw of events) {
    const { event, reason } = validateCloudEvent(raw);
    if (event) kept.push(event);
    else {
      summary.skipped += 1;
      log('event skipped: not a valid Steward event', { event_id: raw.id, event_type: raw.type, reason });
    }
  }
  return kept;
}

/** A fresh REBUILD_SCHEMA: empty copies of the live replica tables and of the ledger, indexes included. */
async function createShadowTables(manager: EntityManager, liveSchema: string): Promise<void> {
  // A rebuild that stopped half-way left its schemas behind: start afresh.
  await manager.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
  await manager.query(`DROP SCHEMA IF EXISTS ${REPLACED_SCHEMA} CASCADE`);
  await manager.query(`CREATE SCHEMA ${REBUILD_SCHEMA}`);
  for (const table of [...REPLICA_TABLES, 'processed_events']) {
    // Columns, defaults, NOT NULL and CHECK constraints; then the indexes, under their own names
    // (the projections' ON CONFLICT needs them during the load, and migrations name them later).
    await manager.query(
      `CREATE TABLE ${REBUILD_SCHEMA}.${table} (LIKE ${liveSchema}.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`,
    );
    await copyIndexes(manager, `${liveSchema}.${table}`, `${REBUILD_SCHEMA}.${table}`);
  }
}

/** Creates every index and primary-key/unique constraint of `from` on `to`, with the same names. */
async function copyIndexes(manager: EntityManager, from: string, to: string): Promise<void> {
  const indexes: { name: string; indexdef: string; conname: string | null; condef: string | null }[] = await manager.query(
    `SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS indexdef, c.conname, pg_get_constraintdef(c.oid) AS condef
     FROM pg_index i
     JOIN pg_class ci ON ci.oid = i.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
     WHERE i.indrelid = $1::regclass`,
    [from],
  );
  for (const index of indexes) {
    if (index.conname && index.condef) {
      await manager.query(`ALTER TABLE ${to} ADD CONSTRAINT ${index.conname} ${index.condef}`);
      continue;
    }
    const definition = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .*)$/.exec(index.indexdef);
    if (!definition) throw new Error(`cannot copy index ${index.name}: ${index.indexdef}`);
    await manager.query(`CREATE ${definition[1] ?? ''}INDEX ${index.name} ON ${to} ${definition[2]}`);
  }
}

/** Applies the events the live consumer recorded since `since` that the rebuild has not applied. */
async function catchUp(
  manager: EntityManager,
  liveSchema: string,
  sources: readonly EventStoreSource[],
  since: Date,
  apply: (events: CloudEvent[]) => Promise<number>,
): Promise<number> {
  const missing: { event_id: string }[] = await manager.query(
    `SELECT p.event_id FROM ${liveSchema}.processed_events p
     WHERE p.consumer = $1 AND p.processed_at >= $2::timestamptz - interval '${LEDGER_MARGIN}'
       AND NOT EXISTS (SELECT 1 FROM ${REBUILD_SCHEMA}.processed_events r WHERE r.consumer = p.consumer AND r.event_id = p.event_id)`,
    [RecipientsSubscriber.consumer, since],
  );
  if (missing.length === 0) return 0;
  let applied = 0;
  for await (const batch of readEventStores(sources, { eventIds: missing.map((m) => m.event_id) })) applied += await apply(batch);
  return applied;
}

/**
 * Puts the rebuilt tables in place of the live ones, in one transaction: readers (the job
 * senders) wait for it a moment and then read the new tables.
 */
async function swap(manager: EntityManager, liveSchema: string): Promise<void> {
  const live = REPLICA_TABLES.map((table) => `${liveSchema}.${table}`).join(', ');
  await manager.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
  await manager.query(`CREATE SCHEMA ${REPLACED_SCHEMA}`);
  for (const table of REPLICA_TABLES) await manager.query(`ALTER TABLE ${liveSchema}.${table} SET SCHEMA ${REPLACED_SCHEMA}`);
  for (const table of REPLICA_TABLES) await manager.query(`ALTER TABLE ${REBUILD_SCHEMA}.${table} SET SCHEMA ${liveSchema}`);
  await manager.query(`DROP SCHEMA ${REPLACED_SCHEMA} CASCADE`);
  // The rebuild's ledger goes with its schema: the live ledger already says what the live consumer applied.
  await manager.query(`DROP SCHEMA ${REBUILD_SCHEMA} CASCADE`);
}
