import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { decodeCursor, toPage, type ApiKeyResource, type Page } from '@steward/contracts';
import { API_KEY_COLUMNS, toApiKeyResource, type ApiKeyRow } from '../../api-key.read-model';
import { ListApiKeysQuery } from './list-api-keys.query';

/**
 * Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts.
 * `status` filters the status shown: an active key past its `expires_at` counts as `expired`
 * even before the expiry sweep records it.
 */
@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, Page<ApiKeyResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListApiKeysQuery): Promise<Page<ApiKeyResource>> {
    const now = new Date();
    const where = new SqlWhere('org_id', orgId);
    if (filter.status === 'active') where.add(`status = 'active' AND (expires_at IS NULL OR expires_at > ?)`, now);
    else if (filter.status === 'expired') where.add(`(status = 'expired' OR (status = 'active' AND expires_at <= ?))`, now);
    else if (filter.status === 'revoked') where.add(`status = 'revoked'`);
    if (filter.workspace_id) where.add('workspace_id = ?', filter.workspace_id);
    if (filter.destination_id) where.add('destination_id = ?', filter.destination_id);
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, filter.limit, (r) => r.id, toApiKeyResource);
  }
}
