import type { EntityManager } from 'typeorm';
import {
  DomainError,
  eventsTopic,
  formatTraceparent,
  newId,
  newTraceContext,
  type BoundedContext,
  type CloudEvent,
  type DomainEvent,
  type RequestContext,
} from '@steward/contracts';
import { OUTBOX_CHANNEL } from './event-store.schema';

/** A stored event: the domain event with its position in its stream and its envelope. */
export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  streamId: string;
  streamType: string;
  version: number;
  event: E;
  dataVersion: number;
  occurredAt: Date;
  context: RequestContext;
}

export interface StreamAppend {
  streamId: string;
  streamType: string;
  /** Version the decision was based on (0 for a new stream). */
  expectedVersion: number;
  events: DomainEvent[];
}

/** Another writer appended to the stream first; the caller may reload and decide again. */
export class ConcurrencyError extends DomainError {
  constructor(readonly streamId: string) {
    super('conflict', `the resource was changed concurrently (${streamId}); retry the request`);
    this.name = 'ConcurrencyError';
  }
}

/** A row of the `events` table as `pg` returns it. */
export interface EventRow {
  event_id: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  data_version: number;
  data: unknown;
  metadata: RequestContext;
  occurred_at: Date;
}

const UNIQUE_VIOLATION = '23505';

/** Events per INSERT statement (9 parameters each, well below Postgres' 65,535 per statement). */
const APPEND_CHUNK = 1000;

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const name = e.constraint ?? e.driverError?.constraint;
  return code === UNIQUE_VIOLATION && (!constraint || name === constraint);
}

export { isUniqueViolation };

/**
 * Postgres event store of one bounded context. `append` writes events and their outbox rows in
 * the caller's transaction (so read tables updated in the same transaction commit with them);
 * `unique(stream_id, version)` makes concurrent appends to one stream fail but one.
 */
export class PostgresEventStore {
  constructor(readonly context: BoundedContext) {}

  async append(manager: EntityManager, appends: StreamAppend[], requestContext: RequestContext, now: Date): Promise<StoredEvent[]> {
    // Every event carries a trace: work that no request started (a sweep, a tool) starts its own.
    const context = requestContext.traceparent ? requestContext : { ...requestContext, traceparent: formatTraceparent(newTraceContext()) };
    const stored: StoredEvent[] = [];
    for (const append of appends) {
      append.events.forEach((event, index) => {
        stored.push({
          eventId: newId('evt'),
          streamId: append.streamId,
          streamType: append.streamType,
          version: append.expectedVersion + index + 1,
          event,
          dataVersion: 1,
          occurredAt: now,
          context,
        });
      });
    }
    if (stored.length === 0) return stored;

    // In chunks: one statement may carry at most 65,535 parameters (a cascade can append thousands).
    for (let start = 0; start < stored.length; start += APPEND_CHUNK) {
      const chunk = stored.slice(start, start + APPEND_CHUNK);
      const values: unknown[] = [];
      const rows = chunk.map((s, i) => {
        const o = i * 9;
        values.push(s.eventId, s.streamId, s.streamType, s.version, s.event.type, s.dataVersion, JSON.stringify(s.event.data), JSON.stringify(s.context), s.occurredAt);
        return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7}::jsonb,$${o + 8}::jsonb,$${o + 9})`;
      });
      try {
        await manager.query(
          `INSERT INTO events (event_id, stream_id, stream_type, version, type, data_version, data, metadata, occurred_at) VALUES ${rows.join(',')}`,
          values,
        );
      } catch (error) {
        if (isUniqueViolation(error, 'events_stream_version_unique')) {
          throw new ConcurrencyError(appends.map((a) => a.streamId).join(','));
        }
        throw error;
      }
    }

    const topic = eventsTopic(this.context);
    for (let start = 0; start < stored.length; start += APPEND_CHUNK) {
      const outboxValues: unknown[] = [];
      const outboxRows = stored.slice(start, start + APPEND_CHUNK).map((s, i) => {
        outboxValues.push(s.eventId, topic, s.streamId, JSON.stringify(this.toCloudEvent(s)));
        return `($${i * 4 + 1},$${i * 4 + 2},$${i * 4 + 3},$${i * 4 + 4}::jsonb)`;
      });
      await manager.query(`INSERT INTO outbox (event_id, topic, message_key, payload) VALUES ${outboxRows.join(',')}`, outboxValues);
    }
    // Delivered at commit, so the relay wakes only for committed rows.
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return stored;
  }

  /** The stream's events in order; with `asOf`, only those that had occurred by then. */
  async load(manager: EntityManager, streamId: string, options: { asOf?: Date } = {}): Promise<StoredEvent[]> {
    const rows: EventRow[] = options.asOf
      ? await manager.query(
          `SELECT * FROM events WHERE stream_id = $1 AND occurred_at <= $2 ORDER BY version`,
          [streamId, options.asOf],
        )
      : await manager.query(`SELECT * FROM events WHERE stream_id = $1 ORDER BY version`, [streamId]);
    return rows.map((row) => this.fromRow(row));
  }

  /** Several streams at once (one query), each in order; a stream with no events maps to []. */
  async loadMany(manager: EntityManager, streamIds: string[]): Promise<Map<string, StoredEvent[]>> {
    const streams = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const rows: EventRow[] = await manager.query(`SELECT * FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version`, [streamIds]);
    for (const row of rows) streams.get(row.stream_id)?.push(this.fromRow(row));
    return streams;
  }

  /**
   * One page of a stream's history, oldest first: the events after `afterVersion`, `limit + 1`
   * of them so the caller can tell whether more exist (see `toPage`).
   */
  async history(manager: EntityManager, streamId: string, options: { limit: number; afterVersion?: number }): Promise<StoredEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT * FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [streamId, options.afterVersion ?? 0, options.limit + 1],
    );
    return rows.map((row) => this.fromRow(row));
  }

  toCloudEvent(s: StoredEvent): CloudEvent {
    const c = s.context;
    const envelope: CloudEvent = {
      specversion: '1.0',
      id: s.eventId,
      type: s.event.type,
      source: `steward/${this.context}`,
      subject: s.streamId,
      time: s.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      orgid: c.org_id,
      actor: c.actor,
      requestid: c.request_id,
      correlationid: c.correlation_id ?? c.request_id,
      streamversion: s.version,
      dataversion: s.dataVersion,
      data: s.event.data as Record<string, unknown>,
    };
    if (c.causation_id) envelope.causationid = c.causation_id;
    if (c.ip) envelope.ip = c.ip;
    if (c.user_agent) envelope.useragent = c.user_agent;
    if (c.traceparent) envelope.traceparent = c.traceparent;
    return envelope;
  }

  /** A row of `events` as a stored event (for readers of the table, such as `readEventStores`). */
  fromRow(row: EventRow): StoredEvent {
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      version: row.version,
      event: { type: row.type, data: row.data },
      dataVersion: row.data_version,
      occurredAt: new Date(row.occurred_at),
      context: row.metadata,
    };
  }
}
