import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent } from '@steward/contracts';

/**
 * Applies events to a read model exactly once in effect: the ids of applied events are recorded
 * in `processed_events` in the same transaction as the change, so a redelivered event (after a
 * crash, a rebalance or a relay retry) is recognised and skipped.
 */
export class IdempotentProjector {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {}

  /** Applies the events not applied before, in order, in one transaction. Returns those applied. */
  async handleBatch(events: CloudEvent[], apply: (manager: EntityManager, event: CloudEvent) => Promise<void>): Promise<CloudEvent[]> {
    return this.handleBatchAtOnce(events, async (manager, fresh) => {
      for (const event of fresh) await apply(manager, event);
    });
  }

  /**
   * Like `handleBatch`, but hands all events not applied before (in order) to `applyAll` in one
   * call, so a projection can write them with one multi-row statement. Returns those applied.
   */
  async handleBatchAtOnce(events: CloudEvent[], applyAll: (manager: EntityManager, events: CloudEvent[]) => Promise<void>): Promise<CloudEvent[]> {
    if (events.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const unique = [...new Map(events.map((e) => [e.id, e])).values()];
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO processed_events (consumer, event_id)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.consumer, unique.map((e) => e.id)],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      const toApply = unique.filter((e) => fresh.has(e.id));
      if (toApply.length) await applyAll(manager, toApply);
      return toApply;
    });
  }
}
