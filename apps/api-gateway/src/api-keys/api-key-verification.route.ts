import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { Type, type Static } from '@sinclair/typebox';
import { API_KEY_REFUSALS, apiKeyFormatProblem, DomainError, type ErrorDetail } from '@steward/contracts';
import { httpRequestTrace } from '@steward/service-kit';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { SECRET_EXAMPLE } from './api-keys.responses';
import { ApiKeyCache } from '../auth/api-key-cache';
import { requestContext, type StewardRequest } from '../http/request-context';
import type { NativeRouteOperation } from '../openapi/native-route-operation';
import { IDEMPOTENCY_KEY_HEADER, Idempotency, replay } from '../limits/idempotency';

const NullableId = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

/** The answer, as JSON Schema (for the OpenAPI document) and as its TypeScript type: one definition. */
const ApiKeyVerificationResponseSchema = Type.Union([
  Type.Object(
    {
      valid: Type.Literal(true),
      key_id: Type.String({ description: 'The key set the key opens.', examples: ['key_01jdq3c2m5f8ve4r0s6t7w9x1y'] }),
      organization_id: Type.String({ examples: ['org_01jdq3c2m5f8ve4r0s6t7w9x1y'] }),
      workspace_id: NullableId('The workspace the key is limited to, if any.'),
      destination_id: NullableId('The destination the key sends data to, if any.'),
      scopes: Type.Array(Type.String(), { examples: [['users:read']] }),
    },
    { title: 'ValidApiKey' },
  ),
  Type.Object(
    { valid: Type.Literal(false), reason: Type.Union(API_KEY_REFUSALS.map((reason) => Type.Literal(reason)), { description: 'Why the key opens nothing.' }) },
    { title: 'RefusedApiKey' },
  ),
]);
export type ApiKeyVerificationResponse = Static<typeof ApiKeyVerificationResponseSchema>;

/** The route, as Nest's middleware configuration names it (excluded from pino-http, see below). */
export const API_KEY_VERIFICATION_ROUTE = { method: 'POST', path: '/v1/api-keys/verify' } as const;

/** The route's OpenAPI operation (a native route has no Nest decorators): merged into /openapi.json. */
export const API_KEY_VERIFICATION_OPERATION: NativeRouteOperation = {
  ...API_KEY_VERIFICATION_ROUTE,
  scope: 'keys:read',
  operation: {
    operationId: 'apiKeys_verify',
    tags: ['API keys'],
    summary: 'Verify an API key',
    description:
      'For services that receive data signed with Steward keys: is this key good, and whose is it? Always 200 for a string: a refusal is an answer (`valid: false` and its `reason`). Keys of other organizations are `unknown`. The key is never echoed.',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: Type.Object({ key: Type.String({ description: 'The full key (`sk_live_…`).', examples: [SECRET_EXAMPLE] }) }, { additionalProperties: false }),
        },
      },
    },
    responses: {
      '200': { description: 'The verdict.', content: { 'application/json': { schema: ApiKeyVerificationResponseSchema } } },
    },
  },
};

function traceFields(raw: object): { trace_id: string; span_id: string } {
  const { trace_id, span_id } = httpRequestTrace(raw);
  return { trace_id, span_id };
}

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
 * authentication and rate limit (ApiKeyAuthenticator), the same Idempotency-Key handling
 * (Idempotency, as IdempotencyInterceptor does for Nest routes), the same error envelope (errors
 * thrown here go through Nest's exception filter, which Nest installs as Fastify's error
 * handler), the same `x-request-id`, RateLimit-* and 415/405 hooks, and an access-log line of
 * the same shape.
 */
export function registerApiKeyVerificationRoute(app: INestApplication, fastify: FastifyInstance): void {
  const authenticator = app.get(ApiKeyAuthenticator);
  const keys = app.get(ApiKeyCache);
  const idempotency = app.get(Idempotency);
  let accessLog: typeof PinoLogger.root | undefined;
  fastify.route({
    method: API_KEY_VERIFICATION_ROUTE.method,
    url: API_KEY_VERIFICATION_ROUTE.path,
    handler: async (request: StewardRequest, reply): Promise<ApiKeyVerificationResponse | string> => {
      await authenticator.authenticate(request, 'keys:read');
      if (request.headers[IDEMPOTENCY_KEY_HEADER] !== undefined) {
        const stored = await idempotency.begin(request);
        if (stored) return replay(reply, stored);
      }
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
    // Its fields are ids, the method, the redacted URL, trace ids, the status and the time —
    // nothing path-based redaction would catch — so it skips that step (7 µs a line).
    onResponse: (request, reply: FastifyReply, done) => {
      const failed = reply.statusCode >= 500;
      accessLog ??= PinoLogger.root.child({}, { redact: { paths: [], censor: '[redacted]' } });
      accessLog[failed ? 'error' : 'info'](
        {
          req: { id: request.id, method: request.method, url: request.url },
          request_id: request.id,
          ...traceFields(request.raw),
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
        },
        failed ? 'request errored' : 'request completed',
      );
      done();
    },
  });
}
