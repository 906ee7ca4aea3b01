import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { DomainError, decodeCursor, limitByBytes, toPage, type AuditEntryResource, type Page } from '@steward/contracts';
import { auditCursorKey, parseAuditCursorKey, toAuditEntryResource, type AuditEntryRow } from '../../audit-entry.mapping';
import { ListAuditLogsQuery } from './list-audit-logs.query';

/**
 * The organization's audit entries, newest first by (occurred_at, id); the keyset cursor holds
 * both, so entries projected later with an older time neither skip nor repeat a row. Every
 * filter has an index `(org_id, <column>, occurred_at DESC, id DESC)`, so a filtered page reads
 * about a page of rows however long the log is (`user_id` reads the actor and the target index
 * and merges them). A page of
 * large entries (a template's content before and after) ends early so that the reply stays one
 * Kafka message (`limitByBytes`).
 */
const COLUMNS = 'id, action, actor_type, actor_id, target_type, target_id, workspace_id, request_id, ip, user_agent, changes, occurred_at, event_id';

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
    if (filter.target_id) where.add('target_id = ?', filter.target_id);
    if (filter.workspace_id) where.add('workspace_id = ?', filter.workspace_id);
    if (filter.start_time) where.add('occurred_at >= ?::timestamptz', filter.start_time);
    if (filter.end_time) where.add('occurred_at <= ?::timestamptz', filter.end_time);
    if (after) where.add('(occurred_at, id) < (?::timestamptz, ?::text)', after.occurredAt, after.id);
    const limit = where.param(filter.limit + 1);
    const page = (condition: string) =>
      `SELECT ${COLUMNS} FROM audit_entries WHERE ${condition} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`;
    let sql = page(where.sql);
    if (filter.user_id) {
      // Actor or target: one ordered index scan per side, merged — an OR would read and sort every
      // entry of a busy actor before taking the first page.
      const user = where.param(filter.user_id);
      sql = `SELECT DISTINCT ON (occurred_at, id) * FROM (
               (${page(`${where.sql} AND actor_id = ${user}`)}) UNION ALL (${page(`${where.sql} AND target_id = ${user}`)})
             ) AS either ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`;
    }
    const rows: AuditEntryRow[] = await this.dataSource.query(sql, where.params);
    return toPage(rows, limitByBytes(rows, filter.limit), auditCursorKey, toAuditEntryResource);
  }
}
