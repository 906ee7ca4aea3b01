import type { FastifyRequest } from 'fastify';
import { newId, type ApiKeyPrincipal, type RequestContext } from '@steward/contracts';
import { httpRequestTrace } from '@steward/service-kit';
import type { IdempotencyClaim } from '../limits/idempotency';
import type { RateLimitDecision } from '../limits/rate-windows';

/**
 * A request after authentication: the key's principal and its rate-limit check are attached by
 * ApiKeyAuthenticator; `idempotency` while the request holds its Idempotency-Key.
 */
export type StewardRequest = FastifyRequest & { principal?: ApiKeyPrincipal; rateLimit?: RateLimitDecision; idempotency?: IdempotencyClaim };

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane client-sent X-Request-Id, otherwise issues `req_…`. */
export function requestIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && CLIENT_REQUEST_ID.test(value) ? value : newId('req');
}

/** What travels with every RPC call into the services, and from there into event metadata. */
export function requestContext(request: StewardRequest): RequestContext {
  const principal = request.principal;
  if (!principal) throw new Error('requestContext called on an unauthenticated request');
  const userAgent = request.headers['user-agent'];
  return {
    org_id: principal.organization_id,
    actor: { type: 'api_key', id: principal.key_id },
    request_id: String(request.id),
    ip: request.ip,
    user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    traceparent: httpRequestTrace(request.raw).traceparent,
    scopes: principal.scopes,
  };
}

/**
 * The context of a call without an API key (`@Public()` invitation accept/decline): no
 * organization and no actor are known here — the service takes both from what the request
 * presents (the invitation the token belongs to) and must not use these placeholders.
 */
export function publicRequestContext(request: StewardRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    org_id: '',
    actor: { type: 'system', id: 'anonymous' },
    request_id: String(request.id),
    ip: request.ip,
    user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    traceparent: httpRequestTrace(request.raw).traceparent,
  };
}
