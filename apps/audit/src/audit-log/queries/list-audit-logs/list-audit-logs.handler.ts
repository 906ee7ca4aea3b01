import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { DomainError, decodeCursor, limitByBytes, toPage, type AuditEntryResource, type Page } from '@steward/contracts';
import { auditCursorKey, parseAuditCursorKey, toAuditEntryResource, type AuditEntryRow } from '../../audit-entry.mapping';
import { ListAuditLogsQuery } from './list-audit-logs.query';

/**
 * The organization's audit entries, newest first by (occurred_at, id); the keyset cursor holds
 * both, so entries projected later with an older time neither skip nor repeat a row. A page of
 * large entries (a template's content before and after) ends early so that the reply stays one
 * Kafka message (`limitByBytes`).
 */
@QueryHandler(ListAuditLogsQuery)
export class ListAuditLogsHandler implements IQueryHandler<ListAuditLogsQuery, Page<AuditEntryResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListAuditLogsQuery): Promise<Page<AuditEntryResource>> {
    if (filter.start_time && filter.end_time && Date.parse(filter.start_time) > Date.parse(filter.end_time)) {
      throw new DomainError('invalid_request', 'start_time must not be after end_time', [{ field: 'start_time', issue: 'after_end_time' }]);
    }
    const after = filter.cursor ? parseAuditCursorKey(decodeCursor(filter.cursor).k) : undefined;

    const where = new SqlWhere('org_id', orgId);
    if (filter.action) where.add('action = ?', filter.action);
    if (filter.user_id) where.add('(actor_id = ? OR target_id = ?)', filter.user_id, filter.user_id);
    if (filter.start_time) where.add('occurred_at >= ?::timestamptz', filter.start_time);
    if (filter.end_time) where.add('occurred_at <= ?::timestamptz', filter.end_time);
    if (after) where.add('(occurred_at, id) < (?::timestamptz, ?::text)', after.occurredAt, after.id);
    const limit = where.param(filter.limit + 1);
    const rows: AuditEntryRow[] = await this.dataSource.query(
      `SELECT id, action, actor_type, actor_id, target_type, target_id, workspace_id, request_id, ip, user_agent, changes, occurred_at, event_id
       FROM audit_entries WHERE ${where.sql}
       ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, limitByBytes(rows, filter.limit), auditCursorKey, toAuditEntryResource);
  }
}
