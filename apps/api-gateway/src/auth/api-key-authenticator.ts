import { Injectable, Logger } from '@nestjs/common';
import { DomainError, hasScope, isWellFormedApiKey, type ApiKeyPrincipal, type Scope } from '@steward/contracts';
import type { StewardRequest } from '../http/request-context';
import { RateLimiter } from '../limits/rate-limiter';
import { ApiKeyCache } from './api-key-cache';
import { KeyUsageRecorder } from './key-usage';

/**
 * The one place a request's `Authorization: Bearer sk_live_…` becomes a principal with the
 * needed scope, for Nest routes (ApiKeyGuard) and for the native Fastify route of
 * `POST /v1/api-keys/verify` alike. Malformed keys (bad shape or checksum) are refused without
 * a lookup. Attaches the principal to the request, records the key's use, and counts the request
 * against the key's rate limit (RateLimiter; 429 `rate_limited` past it, before the scope check,
 * so every request of an identified key counts). The decision stays on the request for the
 * RateLimit-* headers of whatever the response turns out to be (limits.hooks.ts). A route that
 * declares no scope is refused to every key: forgetting the declaration fails closed.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly keys: ApiKeyCache,
    private readonly usage: KeyUsageRecorder,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async authenticate(request: StewardRequest, scope: Scope | undefined): Promise<ApiKeyPrincipal> {
    const header = request.headers.authorization;
    if (!header) throw new DomainError('unauthorized', 'missing Authorization header: use "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'the Authorization header must be "Bearer <api key>"');
    const secret = match[1];
    if (!isWellFormedApiKey(secret)) throw new DomainError('invalid_api_key', 'The provided API key is invalid or has been revoked.');
    const principal = await this.keys.principalFor(secret, String(request.id));
    request.principal = principal;
    this.usage.record(principal.key_id);
    const rateLimit = await this.rateLimiter.consume(principal);
    request.rateLimit = rateLimit;
    if (!rateLimit.allowed) {
      throw new DomainError('rate_limited', `this key's rate limit of ${rateLimit.limit} requests per minute is used up; retry in ${rateLimit.resetSeconds} s`);
    }
    if (!scope) {
      this.logger.error({ route: request.routeOptions?.url }, 'route declares no scope; refusing');
      throw new DomainError('insufficient_scope', 'this endpoint is not available to API keys');
    }
    if (!hasScope(principal.scopes, scope)) throw new DomainError('insufficient_scope', `this call needs the ${scope} scope`);
    return principal;
  }
}
