import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_SOURCED_CONTEXTS, eventsTopic, publicEvent, type CloudEvent } from '@steward/contracts';
import { batchFailure, IdempotentProjector } from '@steward/event-store';
import { EventSubscriber, createKafka } from '@steward/messaging';

/**
 * Held from before the feed's positions are drawn until the transaction commits, so positions
 * become visible in the order they were drawn: a reader that saw position n never later finds a
 * smaller one appear (which `after=<event id>` would skip for good).
 */
const APPEND_LOCK = `SELECT pg_advisory_xact_lock(hashtext('event-feed:append'))`;

const INSERT_EVENTS = `
  INSERT INTO event_feed (event_id, org_id, type, occurred_at, event)
  SELECT event_id, org_id, type, occurred_at, event
  FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::json[]) WITH ORDINALITY
       AS e(event_id, org_id, type, occurred_at, event, ord)
  ORDER BY ord
  ON CONFLICT (event_id) DO NOTHING`;

/**
 * Keeps the public event feed (`GET /v1/events`): every event of every event-sourced context,
 * in the order it arrives, without its internal fields (`publicEvent`, applied before the row is
 * written, so the table never holds them). A consumer of its own (group and `processed_events`
 * ledger), so it can be rebuilt or replayed independently of the audit log.
 */
@Injectable()
export class EventFeedProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'event-feed';
  private readonly logger = new Logger('EventFeedProjection');
  private readonly projector: IdempotentProjector;
  private subscriber?: EventSubscriber;

  constructor(private readonly dataSource: DataSource) {
    this.projector = new IdempotentProjector(dataSource, EventFeedProjection.consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriber = new EventSubscriber(createKafka('event-feed-projection'), {
      name: EventFeedProjection.consumer,
      topics: EVENT_SOURCED_CONTEXTS.map((context) => eventsTopic(context)),
      fromBeginning: true,
      handle: (events) => this.handle(events),
      // The reason names fields and types only; the message value is never logged.
      onInvalid: ({ topic, partition, offset, reason }) =>
        this.logger.warn({ topic, partition, offset, reason }, 'skipped an invalid event message'),
    });
    await this.subscriber.start();
  }

  /** Before the database closes: the batch in flight finishes and commits, the consumer leaves its group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriber?.stop();
    this.subscriber = undefined;
  }

  /** Applies one batch of valid events (in partition order); throwing makes the subscriber redeliver it. */
  async handle(events: CloudEvent[]): Promise<void> {
    try {
      await this.projector.handleBatchAtOnce(events, (manager, fresh) => this.append(manager, fresh.map(publicEvent)));
    } catch (error) {
      throw batchFailure(this.logger, 'event feed', events.length, error);
    }
  }

  private async append(manager: EntityManager, events: CloudEvent[]): Promise<void> {
    await manager.query(APPEND_LOCK);
    await manager.query(INSERT_EVENTS, [
      events.map((e) => e.id),
      events.map((e) => e.orgid),
      events.map((e) => e.type),
      events.map((e) => e.time),
      events.map((e) => JSON.stringify(e)),
    ]);
  }
}
