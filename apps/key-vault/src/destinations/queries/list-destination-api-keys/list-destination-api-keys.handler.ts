import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, toPage, type ApiKeyResource, type Page } from '@steward/contracts';
import { API_KEY_COLUMNS, toApiKeyResource, type ApiKeyRow } from '../../../api-keys/api-key.read-model';
import { findDestination } from '../../destination.read-model';
import { ListDestinationApiKeysQuery } from './list-destination-api-keys.query';

/**
 * `GET /v1/destinations/{id}/api-keys`: every key routed to the destination, whatever its status,
 * newest first — public metadata only (`toApiKeyResource`: never the hash, never a secret).
 * An unknown or another organization's destination → 404.
 */
@QueryHandler(ListDestinationApiKeysQuery)
export class ListDestinationApiKeysHandler implements IQueryHandler<ListDestinationApiKeysQuery, Page<ApiKeyResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, input }: ListDestinationApiKeysQuery): Promise<Page<ApiKeyResource>> {
    if (!(await findDestination(this.dataSource, orgId, input.id))) throw notFound('destination');
    const after = input.cursor ? decodeCursor(input.cursor).k : null;
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE org_id = $1 AND destination_id = $2 AND ($3::text IS NULL OR id < $3) ORDER BY id DESC LIMIT $4`,
      [orgId, input.id, after, input.limit + 1],
    );
    return toPage(rows, input.limit, (r) => r.id, toApiKeyResource);
  }
}
