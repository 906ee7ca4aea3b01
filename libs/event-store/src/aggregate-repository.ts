import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, RequestContext } from '@steward/contracts';
import type { DeciderAggregate } from './decider-aggregate';
import { ConcurrencyError, PostgresEventStore, type StoredEvent } from './event-store';

export interface InlineProjectionOptions {
  /**
   * The events are applied again to rebuild the tables (`verifyReadModels`), not appended: they
   * are facts that passed the projection's rules when they were appended, and the replay writes
   * only to scratch copies, in batches that need not match the original appends. So a projection
   * skips the checks that guard an append, and the locks they take: a check against today's state
   * (a workspace deleted since, in another service's replica) would refuse a past fact, and a
   * lock would hold up live writers for the whole replay. It only writes.
   */
  replay?: boolean;
}

/**
 * Updates a service's own read tables in the same transaction as the append, so a write
 * followed by a read is consistent and a failed projection (e.g. a unique email) undoes the
 * append. What it writes derives from the events alone (times from `occurredAt`, ids from the
 * event data), so replaying the event store gives the same tables (`verifyReadModels`).
 */
export interface InlineProjection {
  apply(manager: EntityManager, events: StoredEvent[], options?: InlineProjectionOptions): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAggregate = DeciderAggregate<any, any, DomainEvent>;

export class AggregateRepository {
  constructor(
    private readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
    private readonly projections: InlineProjection[],
  ) {}

  /** Loads the aggregate's stream into it; `exists` is false for a stream with no events. */
  async load<A extends AnyAggregate>(aggregate: A, options: { asOf?: Date } = {}): Promise<A> {
    const stored = await this.store.load(this.dataSource.manager, aggregate.id, options);
    return aggregate.hydrate(
      stored.map((s) => s.event),
      { createdAt: stored[0]?.occurredAt, updatedAt: stored[stored.length - 1]?.occurredAt },
    );
  }

  /** Loads several aggregates with one query (e.g. a whole subtree for a cascade). */
  async loadMany<A extends AnyAggregate>(aggregates: A[]): Promise<A[]> {
    const streams = await this.store.loadMany(this.dataSource.manager, aggregates.map((a) => a.id));
    return aggregates.map((aggregate) => {
      const stored = streams.get(aggregate.id) ?? [];
      return aggregate.hydrate(
        stored.map((s) => s.event),
        { createdAt: stored[0]?.occurredAt, updatedAt: stored[stored.length - 1]?.occurredAt },
      );
    });
  }

  /**
   * Appends the aggregates' new events (optimistic concurrency on each stream), writes the
   * outbox and runs the inline projections — all in one transaction: a new one, or the caller's
   * `manager` (a reaction to another service's event records that event as processed in the
   * same transaction, so a redelivery appends nothing twice).
   */
  async save(aggregates: AnyAggregate[], context: RequestContext, now: Date, manager?: EntityManager): Promise<StoredEvent[]> {
    const appends = aggregates
      .map((a) => ({ streamId: a.id, streamType: a.streamType, expectedVersion: a.loadedVersion, events: [...a.getUncommittedEvents()] }))
      .filter((a) => a.events.length > 0);
    if (appends.length === 0) return [];
    const write = async (m: EntityManager) => {
      const events = await this.store.append(m, appends, context, now);
      for (const projection of this.projections) await projection.apply(m, events);
      return events;
    };
    const stored = manager ? await write(manager) : await this.dataSource.transaction(write);
    for (const aggregate of aggregates) aggregate.commit();
    return stored;
  }
}

/**
 * Runs a load-decide-save attempt again when another writer won the race for the stream: the
 * retry decides on fresh state, so a rule like "the last owner cannot be removed" still holds.
 */
export async function withConcurrencyRetry<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * i));
    }
  }
}
