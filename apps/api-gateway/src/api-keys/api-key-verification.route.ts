import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { apiKeyFormatProblem, DomainError, type ApiKeyRefusal, type ErrorDetail } from '@steward/contracts';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { ApiKeyCache } from '../auth/api-key-cache';
import { requestContext, type StewardRequest } from '../http/request-context';

export type ApiKeyVerificationResponse =
  | { valid: true; key_id: string; organization_id: string; workspace_id: string | null; destination_id: string | null; scopes: string[] }
  | { valid: false; reason: ApiKeyRefusal };

/** The route, as Nest's middleware configuration names it (excluded from pino-http, see below). */
export const API_KEY_VERIFICATION_ROUTE = { method: 'POST', path: '/v1/api-keys/verify' } as const;

/** No query parameters: unknown ones are refused, as on every other route (API.md). */
function refuseQuery(query: unknown): void {
  const names = Object.keys((query ?? {}) as Record<string, unknown>);
  if (names.length) {
    throw new DomainError('invalid_request', `unknown query parameter ${names[0]}`, names.map((field) => ({ field, issue: 'unknown_field' })));
  }
}

/** `{key: string}` and nothing else; the same `invalid_request` details the DTO pipe gives elsewhere. */
function verificationKey(body: unknown): string {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const unknown = Object.keys(fields).filter((field) => field !== 'key');
  if (unknown.length) {
    const details: ErrorDetail[] = unknown.map((field) => ({ field, issue: 'unknown_field' }));
    throw new DomainError('invalid_request', `property ${unknown[0]} should not exist`, details);
  }
  if (typeof fields.key !== 'string') throw new DomainError('invalid_request', 'key must be a string', [{ field: 'key', issue: 'isString' }]);
  return fields.key;
}

/**
 * `POST /v1/api-keys/verify`, for services that receive data signed with Steward keys: is this
 * key good, and whose is it? Needs `keys:read`. Shape and checksum are checked without a lookup;
 * the rest is answered from the gateway's key cache, or by key-vault. Keys of other
 * organizations are `unknown`. Always 200 for a string (a refusal is an answer); the key is
 * never echoed.
 *
 * Why a native Fastify route and not a Nest controller: this is the hot path of every service
 * that checks keys (design goal ≥ 5,000/s, p99 ≤ 10 ms on 2 cores). Nest's router, guard, pipe
 * and pino-http's per-request child logger cost about 300 µs of CPU per call; this route costs
 * about 160 µs (docs/benchmarks.md). It keeps every rule of the other routes: the same
 * authentication (ApiKeyAuthenticator), the same error envelope (errors thrown here go through
 * Nest's exception filter, which Nest installs as Fastify's error handler), the same
 * `x-request-id` and 415/405 hooks, and an access-log line of the same shape.
 */
export function registerApiKeyVerificationRoute(app: INestApplication, fastify: FastifyInstance): void {
  const authenticator = app.get(ApiKeyAuthenticator);
  const keys = app.get(ApiKeyCache);
  fastify.route({
    method: API_KEY_VERIFICATION_ROUTE.method,
    url: API_KEY_VERIFICATION_ROUTE.path,
    handler: async (request: StewardRequest): Promise<ApiKeyVerificationResponse> => {
      await authenticator.authenticate(request, 'keys:read');
      refuseQuery(request.query);
      const key = verificationKey(request.body);
      const problem = apiKeyFormatProblem(key);
      if (problem) return { valid: false, reason: problem };
      const result = await keys.verify(key, requestContext(request));
      if (!result.valid) return { valid: false, reason: result.reason };
      const { key_id, organization_id, workspace_id, destination_id, scopes } = result.principal;
      return { valid: true, key_id, organization_id, workspace_id, destination_id, scopes };
    },
    // pino-http skips this route (loggerModule's `exclude`); its access line is written here,
    // through the same root logger and serializers (url redaction included), in the same shape.
    onResponse: (request, reply: FastifyReply, done) => {
      const failed = reply.statusCode >= 500;
      PinoLogger.root[failed ? 'error' : 'info'](
        {
          req: { id: request.id, method: request.method, url: request.url },
          request_id: request.id,
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
        },
        failed ? 'request errored' : 'request completed',
      );
      done();
    },
  });
}
