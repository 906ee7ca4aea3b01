import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type Page, type UserResource } from '@steward/contracts';
import { toUserResource, type UserRow } from '../../user.read-model';
import { ListUsersQuery } from './list-users.query';

/** Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts. */
@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListUsersQuery): Promise<Page<UserResource>> {
    const where = ['org_id = $1'];
    const params: unknown[] = [orgId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('?', `$${params.length}`));
    };
    if (filter.role) add('role = ?', filter.role);
    if (filter.status) add('status = ?', filter.status);
    // Case-insensitive substring of name or email; LIKE wildcards in q match themselves (\ escapes).
    if (filter.q) add('(name ILIKE ? OR email ILIKE ?)', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
    if (filter.workspace_id) add('workspace_ids @> ?::jsonb', JSON.stringify([filter.workspace_id]));
    if (filter.cursor) add('id < ?', decodeCursor(filter.cursor).k);
    params.push(filter.limit + 1);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT * FROM users WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, filter.limit, (r) => r.id, toUserResource);
  }
}
