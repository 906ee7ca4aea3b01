import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, type ApiKeyPrincipal } from '@steward/contracts';
import type { ApiKeyRow } from '../../api-key.read-model';
import { AuthenticateApiKeyQuery } from './authenticate-api-key.query';

/** Resolves a secret's SHA-256 to the key's principal; unknown, revoked or expired → invalid_api_key. */
@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery, ApiKeyPrincipal> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ secretHash }: AuthenticateApiKeyQuery): Promise<ApiKeyPrincipal> {
    const [row] = (await this.dataSource.query(`SELECT * FROM api_keys WHERE secret_hash = $1`, [secretHash])) as ApiKeyRow[];
    const expired = row?.expires_at && new Date(row.expires_at).getTime() <= Date.now();
    if (!row || row.status !== 'active' || expired) {
      throw new DomainError('invalid_api_key', 'The provided API key is invalid or has been revoked.');
    }
    return {
      key_id: row.id,
      organization_id: row.org_id,
      scopes: row.scopes,
      workspace_id: row.workspace_id,
      rate_limit_per_minute: row.rate_limit_per_minute,
    };
  }
}
