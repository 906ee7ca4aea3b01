import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_SOURCED_CONTEXTS, eventDefinition, eventsTopic, type CloudEvent } from '@steward/contracts';
import { batchFailure, IdempotentProjector } from '@steward/event-store';
import { EventSubscriber, createKafka } from '@steward/messaging';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit.config';
import { auditEntryFromEvent, type AuditEntryValues } from './audit-entry.mapping';
import { LIVE_TABLES, appendToChains, lockTablesShared } from './chain/audit-chain';

/**
 * Records one audit entry per event of every event-sourced context. Each Kafka batch is applied
 * in one transaction: applied event ids are recorded in it (IdempotentProjector), entries
 * already present by event id are skipped (`unique(event_id)` guards again), and the new ones
 * are linked into their organizations' hash chains (`appendToChains`), so redelivery and
 * replays never duplicate an entry.
 */
@Injectable()
export class AuditLogProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'audit';
  private readonly logger = new Logger('AuditLogProjection');
  private readonly projector: IdempotentProjector;
  private subscriber?: EventSubscriber;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {
    this.projector = new IdempotentProjector(dataSource, AuditLogProjection.consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriber = new EventSubscriber(createKafka('audit-projection'), {
      name: AuditLogProjection.consumer,
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

  /** Applies one batch of valid events; throwing makes the subscriber redeliver it. */
  async handle(events: CloudEvent[]): Promise<void> {
    const entries = new Map<string, AuditEntryValues>();
    for (const event of events) {
      const { entry, reason } = auditEntryFromEvent(event, eventDefinition(event.type));
      if (entry) entries.set(event.id, entry);
      else this.logger.error({ event_id: event.id, event_type: event.type, reason }, 'event skipped: it makes no valid audit entry');
    }
    const recordable = events.filter((event) => entries.has(event.id));
    try {
      await this.projector.handleBatchAtOnce(recordable, (manager, fresh) =>
        this.write(manager, fresh.map((event) => entries.get(event.id) as AuditEntryValues)),
      );
    } catch (error) {
      throw batchFailure(this.logger, 'audit', recordable.length, error);
    }
  }

  /** Writes the entries of one batch, in the batch's transaction. */
  private async write(manager: EntityManager, entries: AuditEntryValues[]): Promise<void> {
    await lockTablesShared(manager);
    const { expired } = await appendToChains(manager, LIVE_TABLES, entries, this.config.retentionDays);
    for (const entry of expired) {
      this.logger.warn(
        { event_id: entry.event_id, event_type: entry.event_type, occurred_at: entry.occurred_at, retention_days: this.config.retentionDays },
        'event not recorded: older than the audit retention',
      );
    }
  }
}
