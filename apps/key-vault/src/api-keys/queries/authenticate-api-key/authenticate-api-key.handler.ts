import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, type ApiKeyPrincipal } from '@steward/contracts';
import { API_KEY_COLUMNS, apiKeyStateOf, type ApiKeySecretRow } from '../../api-key.read-model';
import { secretOpens } from '../../domain/api-key.decider';
import { AuthenticateApiKeyQuery } from './authenticate-api-key.query';

const earliest = (...times: (Date | null)[]): string | null => {
  const set = times.filter((t): t is Date => t !== null).map((t) => new Date(t).getTime());
  return set.length ? new Date(Math.min(...set)).toISOString() : null;
};

/**
 * Resolves a secret's SHA-256 to the key's principal: the current secret, or the previous one
 * during a rotation's grace (the decider's `secretOpens`). Unknown, revoked, expired — by time
 * too, before the sweep records it — or past its grace → invalid_api_key.
 */
@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery, ApiKeyPrincipal> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ secretHash }: AuthenticateApiKeyQuery): Promise<ApiKeyPrincipal> {
    const now = new Date();
    const rows = (await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS}, secret_hash, previous_secret_hash, previous_valid_until FROM api_keys
       WHERE secret_hash = $1 OR previous_secret_hash = $1`,
      [secretHash],
    )) as ApiKeySecretRow[];
    const row = rows[0];
    if (!row || !secretOpens(apiKeyStateOf(row), secretHash, now)) {
      throw new DomainError('invalid_api_key', 'The provided API key is invalid or has been revoked.');
    }
    const byPrevious = row.secret_hash !== secretHash;
    return {
      key_id: row.id,
      organization_id: row.org_id,
      scopes: row.scopes,
      workspace_id: row.workspace_id,
      destination_id: row.destination_id,
      rate_limit_per_minute: row.rate_limit_per_minute,
      status: row.status,
      expires_at: row.expires_at ? new Date(row.expires_at).toISOString() : null,
      valid_until: earliest(row.expires_at, byPrevious ? row.previous_valid_until : null),
    };
  }
}
