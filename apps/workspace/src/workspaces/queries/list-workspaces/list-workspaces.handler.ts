import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
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
    const where = ['org_id = $1'];
    const params: unknown[] = [orgId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('?', `$${params.length}`));
    };
    if (filter.parent_id === null) where.push('parent_id IS NULL');
    else if (filter.parent_id !== undefined) add('parent_id = ?', filter.parent_id);
    if (filter.cursor) add('id < ?', decodeCursor(filter.cursor).k);
    params.push(filter.limit + 1);
    const rows: WorkspaceRow[] = await this.dataSource.query(
      `SELECT * FROM workspaces WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, filter.limit, (r) => r.id, toWorkspaceResource);
  }
}
