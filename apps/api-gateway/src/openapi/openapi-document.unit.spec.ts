import { readFileSync } from 'node:fs';
import { SCOPES } from '@steward/contracts';
import { openApi31Problems } from '@steward/testing';
import { OPENAPI_FILE, renderOpenApiFile } from './export-openapi';
import { buildOfflineGateway } from './offline-gateway';
import type { OpenApiDocument } from './openapi-document';

let document: OpenApiDocument;

beforeAll(async () => {
  const gateway = await buildOfflineGateway();
  document = gateway.document;
  await gateway.close();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );

describe('the OpenAPI document built from the gateway code', () => {
  it('is a valid OpenAPI 3.1 document whose schemas all compile', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(openApi31Problems(document)).toEqual([]);
  });

  it('is the committed docs/openapi.json (run `npm run sdk:generate` to update it and the SDK types)', () => {
    expect(renderOpenApiFile(document)).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('gives every operation a unique id, a summary, a success response and its access (a scope, or none)', () => {
    const ids = new Set<string>();
    for (const { method, path, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, id: typeof operation.operationId }).toEqual({ where, id: 'string' });
      expect(ids.has(operation.operationId as string)).toBe(false);
      ids.add(operation.operationId as string);
      expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: 'string' });
      expect({ where, success: Object.keys(operation.responses).some((status) => status.startsWith('2')) }).toEqual({ where, success: true });
      const scope = operation['x-required-scope'];
      if (scope === undefined) {
        expect({ where, security: operation.security }).toEqual({ where, security: undefined });
        expect(operation.description).toContain('No API key needed.');
      } else {
        expect({ where, scope: SCOPES.includes(scope as never) }).toEqual({ where, scope: true });
        expect(operation.security).toEqual([{ api_key: [scope] }]);
        expect(operation.description).toContain(`Requires the \`${scope}\` scope.`);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
      }
    }
  });

  it('documents If-Match and 412 on the writes of versioned resources, and ETag on their responses', () => {
    const ifMatch = operations().filter(({ operation }) => (operation.parameters ?? []).some((p) => p.name === 'If-Match'));
    expect(ifMatch.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual(
      [
        'DELETE /v1/api-keys/{id}',
        'DELETE /v1/destinations/{id}',
        'DELETE /v1/invitations/{id}',
        'DELETE /v1/managers/{id}',
        'DELETE /v1/roles/{id}',
        'DELETE /v1/templates/{id}',
        'DELETE /v1/users/{id}',
        'DELETE /v1/workspaces/{id}',
        'PATCH /v1/managers/{id}',
        'PATCH /v1/roles/{id}',
        'PATCH /v1/templates/{id}',
        'PATCH /v1/users/{id}',
        'PATCH /v1/workspaces/{id}',
        'POST /v1/api-keys/{id}/rotate',
      ].sort(),
    );
    for (const { operation } of ifMatch) expect(Object.keys(operation.responses)).toContain('412');
    for (const path of ['/v1/users/{id}', '/v1/workspaces/{id}', '/v1/templates/{id}', '/v1/managers/{id}', '/v1/destinations/{id}', '/v1/api-keys/{id}']) {
      expect({ path, etag: document.paths[path].get.responses['200'].headers }).toEqual({ path, etag: expect.objectContaining({ ETag: { $ref: '#/components/headers/ETag' } }) });
    }
  });

  it('takes request schemas from the validators: bounds, formats, enums and what is required', () => {
    expect(document.components.schemas.CreateUser).toMatchObject({
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, email: { type: 'string', format: 'email', maxLength: 320 }, workspace_ids: { type: 'array', maxItems: 100, items: { type: 'string' } } },
      required: ['name', 'email', 'role'],
    });
    const list = document.paths['/v1/users'].get.parameters ?? [];
    expect(list.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
    expect(list.find((p) => p.name === 'status')).toMatchObject({ in: 'query', schema: { enum: ['invited', 'active', 'inactive'] } });
  });
});
