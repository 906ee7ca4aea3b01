import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, notFound, toPage, type Page, type WorkspaceMemberResource } from '@steward/contracts';
import { toMemberResource, workspaceExists, type MemberRow } from '../../membership.read-model';
import { ListMembersQuery } from './list-members.query';

/** `<joined_at ISO>|<user id>`: the position of the last member of a page. */
const cursorKey = (row: MemberRow) => `${new Date(row.joined_at).toISOString()}|${row.user_id}`;

function afterPosition(cursor: string | undefined): { joinedAt: string; userId: string } | null {
  if (!cursor) return null;
  const [joinedAt, userId] = decodeCursor(cursor).k.split('|');
  if (!userId || Number.isNaN(Date.parse(joinedAt))) throw new DomainError('invalid_request', 'cursor is not valid', [{ field: 'cursor', issue: 'invalid' }]);
  return { joinedAt, userId };
}

/**
 * Newest member first (by `joined_at`, then user id); keyset pagination on that pair survives
 * inserts. Name and email come from the users directory replica.
 */
@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, Page<WorkspaceMemberResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, input }: ListMembersQuery): Promise<Page<WorkspaceMemberResource>> {
    const after = afterPosition(input.cursor);
    if (!(await workspaceExists(this.dataSource, orgId, input.workspace_id))) throw notFound('workspace');
    const rows: MemberRow[] = await this.dataSource.query(
      `SELECT m.user_id, m.role, m.joined_at, d.name, d.email
         FROM workspace_members m
         LEFT JOIN directory_users d ON d.id = m.user_id AND d.org_id = m.org_id
        WHERE m.workspace_id = $1 AND m.org_id = $2
          AND ($3::timestamptz IS NULL OR (m.joined_at, m.user_id) < ($3::timestamptz, $4::text))
        ORDER BY m.joined_at DESC, m.user_id DESC
        LIMIT $5`,
      [input.workspace_id, orgId, after?.joinedAt ?? null, after?.userId ?? null, input.limit + 1],
    );
    return toPage(rows, input.limit, cursorKey, toMemberResource);
  }
}
