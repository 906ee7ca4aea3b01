import { Client } from 'pg';
import type { BoundedContext, CloudEvent } from '@steward/contracts';
import { PostgresEventStore, type EventRow } from './event-store';

/** One context's event store to read: its name (the CloudEvent `source`) and its database. */
export interface EventStoreSource {
  context: BoundedContext;
  databaseUrl: string;
}

export interface ReadEventStoresOptions {
  /** Events per yielded batch (and per FETCH from each store). Default 1000. */
  batchSize?: number;
  /** Only these events (e.g. a rebuild's catch-up); unknown ids are simply absent. */
  eventIds?: readonly string[];
}

/** Merge key of an event: its time at millisecond precision (that of CloudEvent `time`), then its id. */
function before(a: CloudEvent, b: CloudEvent): boolean {
  const ta = Date.parse(a.time);
  const tb = Date.parse(b.time);
  return ta < tb || (ta === tb && a.id < b.id);
}

/** A server-side cursor over one store's `events`, in merge order, under one snapshot. */
class StoreCursor {
  private readonly client: Client;
  private readonly store: PostgresEventStore;
  private buffer: CloudEvent[] = [];
  private index = 0;
  private exhausted = false;

  constructor(
    private readonly source: EventStoreSource,
    private readonly batchSize: number,
  ) {
    this.client = new Client({ connectionString: source.databaseUrl, connectionTimeoutMillis: 10_000 });
    this.store = new PostgresEventStore(source.context);
  }

  async open(eventIds?: readonly string[]): Promise<void> {
    await this.client.connect();
    // One snapshot for the whole read: a consistent cut of the store, even while it is written.
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const filter = eventIds ? 'WHERE event_id = ANY($1::text[])' : '';
    await this.client.query(
      `DECLARE store_events NO SCROLL CURSOR FOR
       SELECT event_id, stream_id, stream_type, version, type, data_version, data, metadata, occurred_at
       FROM events ${filter}
       ORDER BY date_trunc('milliseconds', occurred_at), event_id COLLATE "C"`,
      eventIds ? [eventIds] : [],
    );
  }

  /** The next event without consuming it; undefined once the store is read to its end. */
  async peek(): Promise<CloudEvent | undefined> {
    if (this.index < this.buffer.length) return this.buffer[this.index];
    if (this.exhausted) return undefined;
    const { rows } = await this.client.query<EventRow>(`FETCH FORWARD ${this.batchSize} FROM store_events`);
    this.buffer = rows.map((row) => this.store.toCloudEvent(this.store.fromRow(row)));
    this.index = 0;
    if (rows.length < this.batchSize) this.exhausted = true;
    return this.buffer[0];
  }

  take(): void {
    this.index += 1;
  }

  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/**
 * Every event of several contexts' event stores, as the CloudEvents their outboxes published
 * (`PostgresEventStore.toCloudEvent`), merged into one sequence ordered by (time at millisecond
 * precision, event id) and yielded in batches of `batchSize` — the read side of a projection
 * rebuild. Each store is read through one server-side cursor in a REPEATABLE READ snapshot
 * taken when the read starts: events appended later are not included (a rebuild catches up on
 * those separately). Memory holds one FETCH per store and one batch. Events are not validated
 * here: callers validate them as their live consumer does (`validateCloudEvent` in messaging).
 */
export async function* readEventStores(sources: readonly EventStoreSource[], options: ReadEventStoresOptions = {}): AsyncGenerator<CloudEvent[]> {
  const batchSize = options.batchSize ?? 1000;
  const cursors = sources.map((source) => new StoreCursor(source, batchSize));
  try {
    await Promise.all(cursors.map((cursor) => cursor.open(options.eventIds)));
    let batch: CloudEvent[] = [];
    for (;;) {
      let next: { cursor: StoreCursor; event: CloudEvent } | undefined;
      for (const cursor of cursors) {
        const event = await cursor.peek();
        if (event && (!next || before(event, next.event))) next = { cursor, event };
      }
      if (!next) break;
      next.cursor.take();
      batch.push(next.event);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
  }
}
