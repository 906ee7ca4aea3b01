import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, type ApiKeyPrincipal, type ApiKeyVerification } from '@steward/contracts';
import { API_KEY_COLUMNS, apiKeyStateOf, type ApiKeySecretRow } from '../../api-key.read-model';
import { keyRefusal } from '../../domain/key-refusal';
import { AuthenticateApiKeyQuery } from '../authenticate-api-key/authenticate-api-key.query';
import { VerifyApiKeyQuery } from './verify-api-key.query';

/**
 * `api_keys.verify`: authentication's answer (the same query, so one rule decides what opens a
 * key), and for a refusal its reason instead of an error. Keys of other organizations are
 * `unknown`, so a key's existence cannot be probed across tenants.
 */
@QueryHandler(VerifyApiKeyQuery)
export class VerifyApiKeyHandler implements IQueryHandler<VerifyApiKeyQuery, ApiKeyVerification> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ secretHash, orgId }: VerifyApiKeyQuery): Promise<ApiKeyVerification> {
    try {
      const principal = await this.queryBus.execute<AuthenticateApiKeyQuery, ApiKeyPrincipal>(new AuthenticateApiKeyQuery(secretHash));
      return principal.organization_id === orgId ? { valid: true, principal } : { valid: false, reason: 'unknown' };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'invalid_api_key')) throw error;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS}, secret_hash, previous_secret_hash, previous_valid_until FROM api_keys
       WHERE (secret_hash = $1 OR previous_secret_hash = $1) AND org_id = $2`,
      [secretHash, orgId],
    )) as ApiKeySecretRow[];
    const row = rows[0];
    return { valid: false, reason: row ? keyRefusal(apiKeyStateOf(row), secretHash, new Date()) : 'unknown' };
  }
}
