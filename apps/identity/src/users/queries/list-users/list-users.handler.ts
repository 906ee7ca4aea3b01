import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { decodeCursor, toPage, type Page, type UserResource } from '@steward/contracts';
import { toUserResource, type UserRow } from '../../user.read-model';
import { ListUsersQuery } from './list-users.query';

/** Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts. */
@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListUsersQuery): Promise<Page<UserResource>> {
    const where = new SqlWhere('org_id', orgId);
    if (filter.role) where.add('role = ?', filter.role);
    if (filter.status) where.add('status = ?', filter.status);
    if (filter.q) {
      // Case-insensitive substring of name or email; LIKE wildcards in q match themselves (\ escapes).
      const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
      where.add('(name ILIKE ? OR email ILIKE ?)', pattern, pattern);
    }
    if (filter.workspace_id) where.add('workspace_ids @> ?::jsonb', JSON.stringify([filter.workspace_id]));
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT * FROM users WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, filter.limit, (r) => r.id, toUserResource);
  }
}
