import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type DestinationResource, type Page } from '@steward/contracts';
import { toDestinationResource, type DestinationRow } from '../../destination.read-model';
import { ListDestinationsQuery } from './list-destinations.query';

/** Newest first by id (TypeIDs sort by creation time); the cursor is the last id returned (keyset). */
@QueryHandler(ListDestinationsQuery)
export class ListDestinationsHandler implements IQueryHandler<ListDestinationsQuery, Page<DestinationResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, input }: ListDestinationsQuery): Promise<Page<DestinationResource>> {
    const after = input.cursor ? decodeCursor(input.cursor).k : null;
    const rows: DestinationRow[] = await this.dataSource.query(
      `SELECT * FROM destinations
       WHERE org_id = $1 AND ($2::text IS NULL OR workspace_id = $2) AND ($3::text IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [orgId, input.workspace_id ?? null, after, input.limit + 1],
    );
    return toPage(rows, input.limit, (r) => r.id, toDestinationResource);
  }
}
