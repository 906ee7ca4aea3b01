import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type ApiKeyResource } from '@steward/contracts';
import { findApiKey, toApiKeyResource } from '../../api-key.read-model';
import { GetApiKeyQuery } from './get-api-key.query';

/** A key's public metadata; an unknown or another organization's key → 404. */
@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery, ApiKeyResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, keyId }: GetApiKeyQuery): Promise<ApiKeyResource> {
    const row = await findApiKey(this.dataSource, orgId, keyId);
    if (!row) throw notFound('api key');
    return toApiKeyResource(row);
  }
}
