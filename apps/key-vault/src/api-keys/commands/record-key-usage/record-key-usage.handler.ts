import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RecordKeyUsageCommand } from './record-key-usage.command';

/**
 * Sets `last_used_at` from gateways' usage reports: one statement for a whole flush, and only
 * forward in time (reports from several gateways may arrive out of order), never past now.
 *
 * This is a read-model update, not an event: using a key changes none of its state — nothing a
 * decision depends on, nothing to audit (requests are in the access logs) — and an event per
 * use, or per flush, would flood the event store, the audit log and every gateway's key cache
 * with non-changes.
 */
@CommandHandler(RecordKeyUsageCommand)
export class RecordKeyUsageHandler implements ICommandHandler<RecordKeyUsageCommand, { updated: number }> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ input }: RecordKeyUsageCommand): Promise<{ updated: number }> {
    if (input.usages.length === 0) return { updated: 0 };
    const [, updated] = (await this.dataSource.query(
      `UPDATE api_keys AS k SET last_used_at = u.last_used_at
       FROM (SELECT key_id, LEAST(max(last_used_at), now()) AS last_used_at
             FROM unnest($1::text[], $2::timestamptz[]) AS t(key_id, last_used_at) GROUP BY key_id) AS u
       WHERE k.id = u.key_id AND (k.last_used_at IS NULL OR k.last_used_at < u.last_used_at)`,
      [input.usages.map((u) => u.key_id), input.usages.map((u) => u.last_used_at)],
    )) as [unknown, number];
    return { updated };
  }
}
