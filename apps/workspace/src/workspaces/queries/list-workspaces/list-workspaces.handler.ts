import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { decodeCursor, toPage, type Page, type WorkspaceResource } from '@steward/contracts';
import { toWorkspaceResource, type WorkspaceRow } from '../../workspace.read-model';
import { ListWorkspacesQuery } from './list-workspaces.query';

/**
 * Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts.
 * `parent_id`: a workspace id lists its direct children (an unknown id lists nothing), null lists
 * the roots, absent lists every workspace of the organization.
 */
@QueryHandler(ListWorkspacesQuery)
export class ListWorkspacesHandler implements IQueryHandler<ListWorkspacesQuery, Page<WorkspaceResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListWorkspacesQuery): Promise<Page<WorkspaceResource>> {
    const where = new SqlWhere('org_id', orgId);
    if (filter.parent_id === null) where.add('parent_id IS NULL');
    else if (filter.parent_id !== undefined) where.add('parent_id = ?', filter.parent_id);
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: WorkspaceRow[] = await this.dataSource.query(
      `SELECT * FROM workspaces WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, filter.limit, (r) => r.id, toWorkspaceResource);
  }
}
