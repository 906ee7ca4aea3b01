import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PAGE_LIMIT_MAX, type ErrorCode } from '@steward/contracts';
import { API_KEY_VERIFICATION_OPERATION } from '../api-keys/api-key-verification.route';
import { API_KEY_SECURITY, REQUIRED_SCOPE_EXTENSION } from '../auth/scopes.decorator';
import { CLOUD_EVENT_SCHEMA } from '../events/events.responses';
import { IF_MATCH_HEADER } from '../http/etag';
import { METRICS_OPERATION, OPENAPI_DOCUMENT_OPERATION } from './api-reference';
import { ERROR_CODE_MEANINGS, ERROR_CODES_EXTENSION, ErrorEnvelopeSchema, errorExamples, errorResponses } from './error-responses';
import type { NativeRouteOperation } from './native-route-operation';
import { toOpenApi31 } from './openapi31';
import { describeValidatedProperties } from './validated-properties';

/** The document's version: the repository's (package.json). */
const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };

type Json = Record<string, unknown>;
export type OpenApiDocument = Json & { openapi: string; paths: Record<string, Record<string, Operation>>; components: Json & { schemas: Record<string, Json> } };
type Operation = Json & { parameters?: Json[]; responses: Record<string, Json>; security?: Json[]; description?: string; requestBody?: Json };

/**
 * Every route registered on Fastify directly (not through a Nest controller), each described
 * next to its registration. The OpenAPI conformance e2e compares the gateway's whole route table
 * with the document, so a native route missing here fails it.
 */
export function nativeRouteOperations(options: DocumentOptions): NativeRouteOperation[] {
  return [API_KEY_VERIFICATION_OPERATION, OPENAPI_DOCUMENT_OPERATION, ...(options.metricsOnPublicPort ? [METRICS_OPERATION] : [])];
}

export interface DocumentOptions {
  /** `GET /metrics` is served on the gateway's port (GATEWAY_METRICS_PORT unset): the default. */
  metricsOnPublicPort: boolean;
}

/** Schemas that come from contracts (TypeBox: already JSON Schema) rather than from a class. */
const CONTRACT_SCHEMAS = [CLOUD_EVENT_SCHEMA];

const DESCRIPTION = `One programmatic interface to run an organization's workspaces, users, roles, scoped managers, API keys, destinations, private templates, background jobs and audit trail.

**Authentication**: \`Authorization: Bearer sk_live_…\` on every call except the invitation accept/decline calls, health and these documents. A key belongs to one organization and carries scopes; each operation names the scope it needs (its security requirement and \`x-required-scope\`). A resource of another organization answers 404.

**Errors** use one envelope, \`{"error": {"code", "message", "status", "request_id", "details"?}}\`; branch on \`code\`. Every response carries \`X-Request-Id\` (echoed if you sent one).

**Pagination**: lists take \`limit\` (1–${PAGE_LIMIT_MAX}, default 20) and \`cursor\` and answer \`{"data": [...], "meta": {"next_cursor", "has_more"}}\`.

**Versions**: a resource with a \`version\` is sent with \`ETag: "<version>"\`; \`If-Match\` on its writes answers 412 \`precondition_failed\` when stale.

**Rate limits**: per API key per minute; responses carry \`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\`; over the limit, 429 \`rate_limited\` with \`Retry-After\`.

**Idempotency**: \`Idempotency-Key\` on a POST replays the first response for 24 h (\`Idempotent-Replayed: true\`); the same key with another request answers 422 \`idempotency_mismatch\`.

Events are documented in \`/asyncapi.json\`; typed clients in \`libs/sdk\` are generated from this document.`;

const TAGS: [string, string][] = [
  ['Users', 'Users, their history, sign-ins and invitations.'],
  ['Invitations', 'Invitations to the organization or a workspace; accept/decline by the emailed token.'],
  ['Roles', 'System roles and custom roles (sets of scopes).'],
  ['Managers', 'Roles granted to users on sets of workspaces.'],
  ['Workspaces', 'The workspace tree and its members.'],
  ['Templates', 'Private, versioned templates owned by workspaces.'],
  ['API keys', 'Key sets: create, list, rotate, revoke, one-time retrieval, verification.'],
  ['Destinations', 'Receivers of data sent with Steward keys, and the keys routed to them.'],
  ['Audit logs', 'One entry per state change, hash-chained; filters and export.'],
  ['Jobs', 'Background jobs (emails): list, counts, delete, retry.'],
  ['Events', 'The public event feed (CloudEvents).'],
  ['Service', 'Health and the API documents.'],
];

const HEADERS: Record<string, Json> = {
  'X-Request-Id': { description: 'The request id (`req_…`, or the one the client sent); quoted in errors and logs.', schema: { type: 'string' }, required: true },
  ETag: { description: 'The resource version in quotes (`"3"`): send it back as `If-Match`.', schema: { type: 'string', pattern: '^"\\d+"$' }, required: true },
  'RateLimit-Limit': { description: "The API key's requests per minute.", schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' }, required: true },
  'Idempotent-Replayed': { description: 'Present (`true`) when this is the stored response of an earlier request with the same `Idempotency-Key`.', schema: { type: 'string', enum: ['true'] } },
};

const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Any 1–255 printable ASCII characters (e.g. a UUID): a retry with the same key and the same request replays the first response for 24 h instead of running again.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `UserResponse` → `User`, `CreateUserDto` → `CreateUser`, `ErrorEnvelopeSchema` → `ErrorEnvelope`; every `$ref` follows. */
function renameSchemas(document: OpenApiDocument): OpenApiDocument {
  const renames = new Map<string, string>();
  for (const name of Object.keys(document.components.schemas)) {
    const renamed = name.replace(/(Dto|Response|Schema)$/, '');
    if (renamed !== name) renames.set(name, renamed);
  }
  const taken = new Set(Object.keys(document.components.schemas).map((name) => renames.get(name) ?? name));
  if (taken.size !== Object.keys(document.components.schemas).length) throw new Error('openapi: two schemas would have the same name once renamed');
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string') {
          const name = inner.replace('#/components/schemas/', '');
          return [key, inner.startsWith('#/components/schemas/') && renames.has(name) ? `#/components/schemas/${renames.get(name)}` : inner];
        }
        return [key, walk(inner)];
      }),
    );
  };
  const renamed = walk(document) as OpenApiDocument;
  renamed.components.schemas = Object.fromEntries(Object.entries(renamed.components.schemas).map(([name, schema]) => [renames.get(name) ?? name, schema]));
  return renamed;
}

/** The schema a response refers to, resolved one level (enough for our `$ref`s to components). */
function resolvedSchema(document: OpenApiDocument, response: Json): Json | undefined {
  const content = isObject(response.content) ? response.content : undefined;
  const schema = content && isObject(content['application/json']) ? (content['application/json'] as Json).schema : undefined;
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref === 'string') return document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
  return schema;
}

/**
 * What every operation of a kind does, whatever its handler: the errors of its authentication,
 * validation, path ids and `If-Match`; the headers of every response; the scope in words.
 * Operation-specific errors come from `@ApiErrors` (`x-error-codes`).
 */
function applyConventions(document: OpenApiDocument, method: string, operation: Operation): void {
  const parameters = (operation.parameters ??= []);
  const secured = (operation.security ?? []).length > 0;
  const codes: Partial<Record<ErrorCode, string>> = { ...(operation[ERROR_CODES_EXTENSION] as Partial<Record<ErrorCode, string>> | undefined) };
  delete operation[ERROR_CODES_EXTENSION];
  const add = (...more: ErrorCode[]) => more.forEach((code) => (codes[code] ??= ERROR_CODE_MEANINGS[code]));
  /** Another reason for a code the operation may already answer for its own. */
  const alsoWhen = (code: ErrorCode, reason: string) => (codes[code] = codes[code] && codes[code] !== reason ? `${codes[code]}; or ${reason}` : reason);

  if (secured) add('unauthorized', 'invalid_api_key', 'insufficient_scope', 'rate_limited', 'unavailable');
  if (operation.requestBody) add('invalid_request', 'invalid_json', 'payload_too_large', 'unsupported_media_type');
  if (parameters.some((p) => p.in === 'query' || p.in === 'header')) add('invalid_request');
  if (parameters.some((p) => p.in === 'path')) add('not_found');
  if (parameters.some((p) => p.in === 'header' && p.name === IF_MATCH_HEADER)) add('precondition_failed');
  // Commands append with optimistic concurrency: a change that keeps losing the race is refused.
  if (secured && method !== 'get') alsoWhen('conflict', 'a concurrent change to the same resource kept winning (retry)');
  const idempotent = method === 'post' && secured;
  if (idempotent) {
    parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    add('invalid_request', 'idempotency_mismatch', 'unavailable');
    alsoWhen('conflict', 'a request with the same `Idempotency-Key` is still running (retry)');
  }
  if (parameters.length === 0) delete operation.parameters;

  for (const [status, response] of Object.entries(errorResponses(codes))) operation.responses[status] ??= response;

  // Headers of the answers a client acts on (errors carry X-Request-Id too, said once in the
  // document's description and in the envelope's `request_id`).
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!status.startsWith('2') && status !== '429') continue;
    const headers: Json = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' }, ...(isObject(response.headers) ? response.headers : {}) };
    if (secured) for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) headers[name] = { $ref: `#/components/headers/${name}` };
    if (status === '429') headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
    if (status.startsWith('2')) {
      const schema = resolvedSchema(document, response);
      const properties = schema && isObject(schema.properties) ? schema.properties : {};
      if ('version' in properties) {
        const required = Array.isArray(schema?.required) && schema.required.includes('version');
        headers.ETag = required ? { $ref: '#/components/headers/ETag' } : { ...HEADERS.ETag, required: false, description: `${HEADERS.ETag.description} Sent when the resource has a version.` };
      }
      if (idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/Idempotent-Replayed' };
    }
    response.headers = headers;
  }

  const scope = operation[REQUIRED_SCOPE_EXTENSION];
  const access = typeof scope === 'string' ? `Requires the \`${scope}\` scope.` : 'No API key needed.';
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
}

/**
 * An error response that several operations give word for word (the same codes, meaning the
 * same) is written once, in `components.responses`, and referred to.
 */
function shareResponses(document: OpenApiDocument): void {
  const uses = new Map<string, { name: string; response: Json; count: number }>();
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item).filter((op): op is Operation => isObject(op) && isObject(op.responses)));
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const examples = isObject(response.content) && isObject(response.content['application/json']) ? (response.content['application/json'] as Json).examples : undefined;
      if (!/^[45]/.test(status) || !isObject(examples)) continue;
      const key = JSON.stringify(response);
      const codes = Object.keys(examples);
      const entry = uses.get(key) ?? { name: `${status}_${codes.join('_')}`, response, count: 0 };
      entry.count += 1;
      uses.set(key, entry);
    }
  }
  const shared = [...uses.values()].filter((entry) => entry.count > 1);
  const names = new Map<string, string>();
  for (const entry of shared) {
    let name = entry.name;
    for (let n = 2; [...names.values()].includes(name); n++) name = `${entry.name}_${n}`;
    names.set(JSON.stringify(entry.response), name);
  }
  document.components.responses = Object.fromEntries(shared.map((entry) => [names.get(JSON.stringify(entry.response)), entry.response]));
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const name = names.get(JSON.stringify(response));
      if (name && /^[45]/.test(status)) operation.responses[status] = { $ref: `#/components/responses/${name}` };
    }
  }
}

function nativeOperation(route: NativeRouteOperation): Operation {
  const operation: Operation = JSON.parse(JSON.stringify(route.operation)) as Operation;
  if (route.scope) {
    operation.security = [{ [API_KEY_SECURITY]: [route.scope] }];
    operation[REQUIRED_SCOPE_EXTENSION] = route.scope;
  }
  return operation;
}

/**
 * The OpenAPI 3.1 document of the gateway, generated from the code: the Nest controllers (their
 * @nestjs/swagger decorators, DTOs whose schemas come from their validators, response classes),
 * the native Fastify routes' own descriptions, and the conventions every operation follows.
 * Needs the Nest application created (not listening, not even initialised).
 */
export function buildOpenApiDocument(app: INestApplication, options: DocumentOptions = { metricsOnPublicPort: true }): OpenApiDocument {
  describeValidatedProperties();
  const builder = new DocumentBuilder()
    .setTitle('Steward Admin API')
    .setVersion(version)
    .setDescription(DESCRIPTION)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addSecurity(API_KEY_SECURITY, { type: 'http', scheme: 'bearer', bearerFormat: 'sk_live_…', description: 'An API key: `Authorization: Bearer sk_live_…`.' });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const generated = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controller, method) => `${controller.charAt(0).toLowerCase()}${controller.slice(1).replace(/Controller$/, '')}_${method}`,
    extraModels: [ErrorEnvelopeSchema],
    autoTagControllers: false,
  });
  const document = renameSchemas(toOpenApi31(generated as unknown as Json) as OpenApiDocument);
  for (const { name, schema } of CONTRACT_SCHEMAS) document.components.schemas[name] = JSON.parse(JSON.stringify(schema)) as Json;
  for (const route of nativeRouteOperations(options)) {
    const item = (document.paths[route.path] ??= {});
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: ${route.method} ${route.path} is both a Nest route and a native route`);
    item[method] = nativeOperation(route);
  }
  document.components.headers = HEADERS;
  document.components.parameters = { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER };
  document.components.examples = errorExamples();
  for (const [, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) if (isObject(operation) && isObject(operation.responses)) applyConventions(document, method, operation);
  }
  shareResponses(document);
  return document;
}
