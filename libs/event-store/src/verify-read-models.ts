import { randomBytes } from 'node:crypto';
import { Module, type INestApplicationContext, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, type QueryRunner } from 'typeorm';
import type { BoundedContext } from '@steward/contracts';
import type { InlineProjection } from './aggregate-repository';
import { PostgresEventStore, type EventRow, type StoredEvent } from './event-store';

/** A read table the service's inline projections own (write), to rebuild and compare. */
export interface OwnedTable {
  name: string;
  /** Columns left out of the comparison; the caller says why next to the list (state no event carries). */
  ignoreColumns?: readonly string[];
  /**
   * Rows the event store cannot give (an encrypted secret that no event may carry) are copied from
   * the live table before the replay, so the comparison checks what the replay does to them (e.g.
   * erases them) rather than their origin.
   */
  seedFromLive?: boolean;
}

export interface ReadModelsToVerify {
  context: BoundedContext;
  /** The service's inline projections, in the order its event store module runs them. */
  projections: readonly InlineProjection[];
  /** Every table they write. Tables they only read (other services' replicas) stay live. */
  tables: readonly OwnedTable[];
}

export interface VerifyReadModelsOptions {
  /** Events per FETCH and per `apply` call. Default 1000. */
  batchSize?: number;
  /** Differing rows named per table and side. Default 20. */
  sampleSize?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * A row that is not the same in the live table and in the rebuild, named by its primary key.
 * Values are never shown (hashes, emails): only which columns differ.
 */
export interface RowDifference {
  key: Record<string, unknown>;
  /** `live_only`: the rebuild has no row with this key; `rebuild_only`: the live table has none. */
  side: 'live_only' | 'rebuild_only' | 'differing';
  columns?: string[];
}

export interface TableComparison {
  table: string;
  live_rows: number;
  rebuilt_rows: number;
  live_only: number;
  rebuild_only: number;
  differing: number;
  ignored_columns: string[];
  /** At most `sampleSize` rows of each side, by key. */
  sample: RowDifference[];
}

export interface ReadModelVerification {
  context: BoundedContext;
  /** Events replayed (the whole store as of the snapshot). */
  events: number;
  /** Last `global_position` of the snapshot (null for an empty store). */
  position: string | null;
  equal: boolean;
  tables: TableComparison[];
  /** A projection refused an event of the store: the tables after it are not compared. */
  replay_error?: { global_position: string; event_id: string; type: string; message: string; code?: string };
  seconds: number;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface Column {
  name: string;
  type: string;
}

/**
 * Checks that a service's read tables equal a rebuild from its event store, without changing
 * anything: in one REPEATABLE READ transaction (so the live tables and `events` are one snapshot),
 * it copies each owned table's definition into a scratch schema (`LIKE … INCLUDING ALL`), puts
 * that schema first on the `search_path` (the projections' unqualified names then reach the
 * copies; tables not copied, such as other services' replicas, resolve to the live ones), replays
 * every event in `global_position` order through the projections (`replay: true`: no checks, no
 * locks), compares each copy with its live table row by row (EXCEPT both ways over all columns
 * but the ignored ones), and rolls back. It fails when the replay wrote to a live table (a table
 * missing from `tables`): that write is rolled back too.
 *
 * Safe while the service runs: the live tables are only read (and their definitions share-locked
 * until the end, which only a migration would wait for).
 */
export async function verifyReadModels(dataSource: DataSource, target: ReadModelsToVerify, options: VerifyReadModelsOptions = {}): Promise<ReadModelVerification> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const sampleSize = options.sampleSize ?? 20;
  const log = options.log ?? (() => undefined);
  const store = new PostgresEventStore(target.context);
  const scratch = `read_model_verify_${randomBytes(6).toString('hex')}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    // The first statement takes the snapshot that every later one (events, live tables) reads.
    const [{ live, events, position }] = (await runner.query(
      `SELECT current_schema() AS live, count(*)::int AS events, max(global_position)::text AS position FROM events`,
    )) as { live: string; events: number; position: string | null }[];
    await runner.query(`CREATE SCHEMA ${ident(scratch)}`);
    for (const table of target.tables) {
      await runner.query(`CREATE TABLE ${ident(scratch)}.${ident(table.name)} (LIKE ${ident(live)}.${ident(table.name)} INCLUDING ALL)`);
      if (table.seedFromLive) await runner.query(`INSERT INTO ${ident(scratch)}.${ident(table.name)} SELECT * FROM ${ident(live)}.${ident(table.name)}`);
    }
    await runner.query(`SET LOCAL search_path TO ${ident(scratch)}, ${ident(live)}`);
    log('replaying the event store into scratch tables', { context: target.context, events, scratch, tables: target.tables.map((t) => t.name) });

    const writesBefore = await rowsWritten(runner, live);
    const replayError = await replay(runner, store, target.projections, { live, batchSize, events, log });
    const writesAfter = await rowsWritten(runner, live);
    const writtenLive = [...writesAfter].filter(([table, n]) => n > (writesBefore.get(table) ?? 0)).map(([table]) => table);
    if (writtenLive.length > 0) {
      throw new Error(`the replay wrote to live table(s) ${writtenLive.join(', ')}: list them among the tables the projections own`);
    }

    const tables: TableComparison[] = [];
    if (!replayError) {
      for (const table of target.tables) {
        tables.push(await compareTable(runner, live, scratch, table, sampleSize));
        log('table compared', { context: target.context, ...summaryOf(tables[tables.length - 1]) });
      }
    }
    const equal = !replayError && tables.every((t) => t.live_only + t.rebuild_only + t.differing === 0);
    return {
      context: target.context,
      events,
      position,
      equal,
      tables,
      ...(replayError ? { replay_error: replayError } : {}),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    // Everything above (schema, copies, replayed rows) goes away: nothing live ever changed.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

/**
 * Rows this session inserted, updated or deleted per live table and not yet reported to the
 * statistics: they are reported only between transactions, so the growth across the replay is
 * the replay's own writes (the absolute numbers may include earlier transactions of the session).
 */
async function rowsWritten(runner: QueryRunner, schema: string): Promise<Map<string, number>> {
  const rows = (await runner.query(
    `SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::bigint::text AS n FROM pg_stat_xact_user_tables WHERE schemaname = $1`,
    [schema],
  )) as { relname: string; n: string }[];
  return new Map(rows.map((r) => [r.relname, Number(r.n)]));
}

function summaryOf(t: TableComparison): Record<string, unknown> {
  return { table: t.table, live_rows: t.live_rows, rebuilt_rows: t.rebuilt_rows, live_only: t.live_only, rebuild_only: t.rebuild_only, differing: t.differing };
}

/** Replays the snapshot's events in order; the first event a projection refuses, if any. */
async function replay(
  runner: QueryRunner,
  store: PostgresEventStore,
  projections: readonly InlineProjection[],
  options: { live: string; batchSize: number; events: number; log: (msg: string, fields?: Record<string, unknown>) => void },
): Promise<ReadModelVerification['replay_error']> {
  await runner.query(
    `DECLARE replay_events NO SCROLL CURSOR FOR
     SELECT e.global_position::text AS global_position, e.event_id, e.stream_id, e.stream_type, e.version, e.type, e.data_version, e.data, e.metadata, e.occurred_at
     FROM ${ident(options.live)}.events e ORDER BY e.global_position`,
  );
  const apply = async (events: StoredEvent[]) => {
    for (const projection of projections) await projection.apply(runner.manager, events, { replay: true });
  };
  let replayed = 0;
  let lastLog = Date.now();
  for (;;) {
    const rows = (await runner.query(`FETCH FORWARD ${options.batchSize} FROM replay_events`)) as (EventRow & { global_position: string })[];
    if (rows.length === 0) break;
    const batch = rows.map((row) => store.fromRow(row));
    // A savepoint per batch: when a projection refuses one, the batch is applied again event by
    // event to name the event (a failed statement aborts everything after it up to the savepoint).
    await runner.query('SAVEPOINT replay_batch');
    try {
      await apply(batch);
      await runner.query('RELEASE SAVEPOINT replay_batch');
    } catch (batchError) {
      await runner.query('ROLLBACK TO SAVEPOINT replay_batch');
      for (let i = 0; i < batch.length; i++) {
        try {
          await apply([batch[i]]);
        } catch (error) {
          return replayErrorOf(rows[i], error);
        }
      }
      return replayErrorOf(rows[0], batchError);
    }
    replayed += rows.length;
    if (Date.now() - lastLog > 5000) {
      options.log('replaying', { replayed, of: options.events, global_position: rows[rows.length - 1].global_position });
      lastLog = Date.now();
    }
  }
  await runner.query('CLOSE replay_events');
  return undefined;
}

/** What a refused event is reported with: never the statement's parameters or the row's values. */
function replayErrorOf(row: EventRow & { global_position: string }, error: unknown): NonNullable<ReadModelVerification['replay_error']> {
  const { message, code } = error as { message?: string; code?: string };
  return { global_position: row.global_position, event_id: row.event_id, type: row.type, message: message ?? String(error), ...(code ? { code } : {}) };
}

async function columnsOf(runner: QueryRunner, qualified: string): Promise<{ columns: Column[]; key: string[] }> {
  const columns = (await runner.query(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [qualified],
  )) as Column[];
  const key = (
    (await runner.query(
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [qualified],
    )) as { name: string }[]
  ).map((r) => r.name);
  return { columns, key };
}

/**
 * The copy against the live table, both as of the snapshot: rows only on one side, and rows
 * whose key is on both sides with other values (and which columns differ).
 */
async function compareTable(runner: QueryRunner, live: string, scratch: string, table: OwnedTable, sampleSize: number): Promise<TableComparison> {
  const liveTable = `${ident(live)}.${ident(table.name)}`;
  const copy = `${ident(scratch)}.${ident(table.name)}`;
  const { columns: all, key } = await columnsOf(runner, liveTable);
  if (key.length === 0) throw new Error(`${table.name} has no primary key to name its rows by`);
  const ignored = table.ignoreColumns ?? [];
  for (const name of ignored) {
    if (!all.some((c) => c.name === name)) throw new Error(`${table.name} has no column ${name} to ignore`);
    if (key.includes(name)) throw new Error(`${table.name}: a key column (${name}) cannot be ignored`);
  }
  const columns = all.filter((c) => !ignored.includes(c.name));
  // `json` has no equality operator, and its text keeps the key order it was written with, which
  // the event store (data as `jsonb`) does not keep: compared as jsonb, i.e. as values.
  const select = columns.map((c) => (c.type === 'json' ? `${ident(c.name)}::jsonb AS ${ident(c.name)}` : ident(c.name))).join(', ');
  const on = key.map((k) => `lo.${ident(k)} = ro.${ident(k)}`).join(' AND ');
  const keyObject = `jsonb_build_object(${key.map((k) => `${literal(k)}, COALESCE(lo.${ident(k)}, ro.${ident(k)})`).join(', ')})`;
  const valueColumns = columns.filter((c) => !key.includes(c.name));
  const differingColumns = valueColumns.length
    ? `array_remove(ARRAY[${valueColumns.map((c) => `CASE WHEN lo.${ident(c.name)} IS DISTINCT FROM ro.${ident(c.name)} THEN ${literal(c.name)} END`).join(', ')}]::text[], NULL)`
    : `ARRAY[]::text[]`;
  const first = ident(key[0]);
  const rows = (await runner.query(
    `WITH l AS (SELECT ${select} FROM ${liveTable}),
          r AS (SELECT ${select} FROM ${copy}),
          lo AS (SELECT * FROM l EXCEPT ALL SELECT * FROM r),
          ro AS (SELECT * FROM r EXCEPT ALL SELECT * FROM l),
          d AS (
            SELECT CASE WHEN ro.${first} IS NULL THEN 'live_only' WHEN lo.${first} IS NULL THEN 'rebuild_only' ELSE 'differing' END AS side,
                   ${keyObject} AS key,
                   CASE WHEN lo.${first} IS NOT NULL AND ro.${first} IS NOT NULL THEN ${differingColumns} END AS columns
            FROM lo FULL JOIN ro ON ${on})
     SELECT side, n::int AS n, key, columns FROM (
       SELECT side, key, columns, count(*) OVER (PARTITION BY side) AS n, row_number() OVER (PARTITION BY side ORDER BY key) AS rn FROM d) x
     WHERE rn <= $1 ORDER BY side, key`,
    [sampleSize],
  )) as { side: RowDifference['side']; n: number; key: Record<string, unknown>; columns: string[] | null }[];
  const [{ live_rows, rebuilt_rows }] = (await runner.query(
    `SELECT (SELECT count(*) FROM ${liveTable})::int AS live_rows, (SELECT count(*) FROM ${copy})::int AS rebuilt_rows`,
  )) as { live_rows: number; rebuilt_rows: number }[];
  const count = (side: RowDifference['side']) => rows.find((r) => r.side === side)?.n ?? 0;
  return {
    table: table.name,
    live_rows,
    rebuilt_rows,
    live_only: count('live_only'),
    rebuild_only: count('rebuild_only'),
    differing: count('differing'),
    ignored_columns: [...ignored],
    sample: rows.map((r) => ({ key: r.key, side: r.side, ...(r.columns ? { columns: r.columns } : {}) })),
  };
}

export interface ReadModelVerificationCommand {
  context: BoundedContext;
  databaseUrl: string;
  /** As the service's `EventStoreModule.forService` gets them: the classes and their providers. */
  inlineProjections: readonly Type<InlineProjection>[];
  providers?: Provider[];
  tables: readonly OwnedTable[];
}

/**
 * The body of a service's `verify-read-models.ts` entry (`npm run projections:verify`): builds
 * the service's inline projections with Nest (their own providers, e.g. the service's config),
 * verifies, writes progress and each differing row's key to stderr and one JSON summary line to
 * stdout. Returns the exit code: 0 equal, 1 differences (or the check could not run: `error`).
 * Runs no migration and creates nothing: a missing table is an error.
 */
export async function runReadModelVerification(command: ReadModelVerificationCommand): Promise<number> {
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), service: `${command.context}-verify`, msg, ...fields })}\n`);
  let dataSource: DataSource | undefined;
  let app: INestApplicationContext | undefined;
  try {
    @Module({ providers: [...(command.providers ?? []), ...command.inlineProjections] })
    class InlineProjectionsModule {}
    app = await NestFactory.createApplicationContext(InlineProjectionsModule, { logger: false, abortOnError: false });
    const projections = command.inlineProjections.map((type) => (app as INestApplicationContext).get(type));
    dataSource = new DataSource({ type: 'postgres', url: command.databaseUrl, applicationName: `steward-${command.context}-verify`, extra: { max: 1 }, logging: false });
    await dataSource.initialize();
    const result = await verifyReadModels(dataSource, { context: command.context, projections, tables: command.tables }, { log });
    if (result.replay_error) log('a projection refused an event of the store: the tables were not compared', { ...result.replay_error });
    for (const table of result.tables) {
      for (const row of table.sample) log('row differs', { table: table.table, ...row });
    }
    log(result.equal ? 'read tables equal a rebuild from the event store' : 'read tables differ from a rebuild from the event store', {
      events: result.events,
      seconds: result.seconds,
    });
    process.stdout.write(`${JSON.stringify({ service: command.context, ...result })}\n`);
    return result.equal ? 0 : 1;
  } catch (error) {
    // Database errors may carry statement parameters (row values): report only what is safe.
    const { name, message, code } = error as { name?: string; message?: string; code?: string };
    log('verification failed; nothing was changed', { err: { name, message, code } });
    process.stdout.write(`${JSON.stringify({ service: command.context, equal: false, error: { name, message, code } })}\n`);
    return 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await app?.close().catch(() => undefined);
  }
}
