import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type ManagerResource, type Page } from '@steward/contracts';
import { MANAGER_SELECT, toManagerResource, type ManagerRow } from '../../manager.read-model';
import { ListManagersQuery } from './list-managers.query';

/** Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts. */
@QueryHandler(ListManagersQuery)
export class ListManagersHandler implements IQueryHandler<ListManagersQuery, Page<ManagerResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, page }: ListManagersQuery): Promise<Page<ManagerResource>> {
    const after = page.cursor ? decodeCursor(page.cursor).k : null;
    const rows: ManagerRow[] = await this.dataSource.query(
      `${MANAGER_SELECT} WHERE m.org_id = $1 AND ($2::text IS NULL OR m.id < $2) ORDER BY m.id DESC LIMIT $3`,
      [orgId, after, page.limit + 1],
    );
    return toPage(rows, page.limit, (r) => r.id, toManagerResource);
  }
}
