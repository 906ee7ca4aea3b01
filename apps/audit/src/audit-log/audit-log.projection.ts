import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_SOURCED_CONTEXTS, eventDefinition, eventsTopic, typeIdGenerator, type CloudEvent } from '@steward/contracts';
import { IdempotentProjector } from '@steward/event-store';
import { EventSubscriber, createKafka } from '@steward/messaging';
import { auditEntryFromEvent, type AuditEntryValues } from './audit-entry.mapping';

/** Inserted columns and their Postgres types: the whole batch goes in as one array per column. */
const COLUMNS: readonly [keyof AuditEntryValues, string][] = [
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

const INSERT_ENTRIES = `
  INSERT INTO audit_entries (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (event_id) DO NOTHING`;

/**
 * Records one audit entry per event of every event-sourced context. Each Kafka batch is applied
 * in one transaction with one multi-row insert; applied event ids are recorded in the same
 * transaction (IdempotentProjector), and `unique(event_id)` guards again, so redelivery and
 * replays never duplicate an entry.
 */
@Injectable()
export class AuditLogProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly consumer = 'audit';
  private readonly logger = new Logger('AuditLogProjection');
  private readonly projector: IdempotentProjector;
  private subscriber?: EventSubscriber;

  constructor(private readonly dataSource: DataSource) {
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

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.stop();
    this.subscriber = undefined;
  }

  /** Applies one batch of valid events; throwing makes the subscriber redeliver it. */
  async handle(events: CloudEvent[]): Promise<void> {
    const entries = new Map<string, AuditEntryValues>();
    for (const event of events) {
      const { entry, reason } = auditEntryFromEvent(event, eventDefinition(event.type), typeIdGenerator);
      if (entry) entries.set(event.id, entry);
      else this.logger.error({ event_id: event.id, event_type: event.type, reason }, 'event skipped: it makes no valid audit entry');
    }
    const recordable = events.filter((event) => entries.has(event.id));
    try {
      await this.projector.handleBatchAtOnce(recordable, (manager, fresh) =>
        this.insert(manager, fresh.map((event) => entries.get(event.id) as AuditEntryValues)),
      );
    } catch (error) {
      // Database errors carry the statement's parameters: log and rethrow only what is safe.
      const { name, message, code } = error as { name?: string; message?: string; code?: string };
      this.logger.error({ err: { name, message, code }, events: recordable.length }, 'audit batch failed; it will be redelivered');
      throw new Error(`audit batch failed: ${message ?? name ?? 'unknown error'}`);
    }
  }

  private async insert(manager: EntityManager, entries: AuditEntryValues[]): Promise<void> {
    const columns = COLUMNS.map(([name]) =>
      entries.map((entry) => (name === 'changes' ? JSON.stringify(entry.changes) : entry[name])),
    );
    await manager.query(INSERT_ENTRIES, columns);
  }
}
