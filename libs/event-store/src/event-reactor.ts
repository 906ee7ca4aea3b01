import type { DataSource, EntityManager } from 'typeorm';
import { childTraceContext, formatTraceparent, newId, type CloudEvent, type RequestContext } from '@steward/contracts';
import { withConcurrencyRetry } from './aggregate-repository';
import { IdempotentProjector } from './idempotent-projector';

/**
 * A service's reaction to another event (its own context's or another's): it runs inside the
 * transaction that records the event as processed, and appends through
 * `AggregateRepository.save(aggregates, reactionContext(event), now, manager)` — so a redelivered
 * event appends nothing twice.
 */
export interface EventReaction {
  /** The event types it reacts to. */
  readonly types: readonly string[];
  react(manager: EntityManager, event: CloudEvent): Promise<void>;
}

/**
 * The context of events appended in reaction to `source`: the same organization, actor, request
 * (id, ip, user agent) and correlation, caused by it (`causation_id` = the source event id), so an
 * audit entry of a reaction names whoever set it off. Its trace continues the source's: a span of
 * its own under the source event's `traceparent` (a new trace if the source has none).
 */
export function reactionContext(source: CloudEvent): RequestContext {
  const context: RequestContext = {
    org_id: source.orgid,
    actor: source.actor,
    request_id: source.requestid ?? newId('req'),
    correlation_id: source.correlationid ?? source.requestid ?? source.id,
    causation_id: source.id,
    traceparent: formatTraceparent(childTraceContext(source.traceparent)),
  };
  if (source.ip) context.ip = source.ip;
  if (source.useragent) context.user_agent = source.useragent;
  return context;
}

/**
 * Applies a batch of consumed events to a service's reactions: the events no reaction wants are
 * skipped; the others run in order, each reaction of an event in registration order, all in one
 * transaction that also records them as processed (IdempotentProjector). Another writer winning
 * a stream (ConcurrencyError) rolls the batch back and runs it again on fresh state.
 */
export class EventReactor {
  private readonly projector: IdempotentProjector;
  private readonly byType = new Map<string, EventReaction[]>();

  constructor(dataSource: DataSource, consumer: string, reactions: EventReaction[]) {
    this.projector = new IdempotentProjector(dataSource, consumer);
    for (const reaction of reactions) {
      for (const type of reaction.types) this.byType.set(type, [...(this.byType.get(type) ?? []), reaction]);
    }
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  /** Returns the events applied now (not applied before). */
  handle(events: CloudEvent[]): Promise<CloudEvent[]> {
    const relevant = events.filter((e) => this.byType.has(e.type));
    return withConcurrencyRetry(() =>
      this.projector.handleBatch(relevant, async (manager, event) => {
        for (const reaction of this.byType.get(event.type) ?? []) await reaction.react(manager, event);
      }),
    );
  }
}
