import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { NativeRouteOperation } from './native-route-operation';

export const OPENAPI_DOCUMENT_PATH = '/openapi.json';
/** The reference UI and its assets: every route under it is the UI, not the API. */
export const API_REFERENCE_PATH = '/docs';

/** `GET /openapi.json` is registered by SwaggerModule (a native route): described here. */
export const OPENAPI_DOCUMENT_OPERATION: NativeRouteOperation = {
  method: 'GET',
  path: OPENAPI_DOCUMENT_PATH,
  operation: {
    operationId: 'openApi_get',
    tags: ['Service'],
    summary: 'This OpenAPI 3.1 document',
    description: `Generated from the gateway's code at start. The same document is rendered at \`${API_REFERENCE_PATH}\` (Swagger UI).`,
    responses: {
      '200': {
        description: 'The OpenAPI 3.1 document.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['openapi', 'info', 'paths'],
              properties: { openapi: { type: 'string', const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } },
              additionalProperties: true,
            },
          },
        },
      },
    },
  },
};

/**
 * `GET /metrics` is registered by OperationsModule (libs/service-kit) on the public port unless
 * `GATEWAY_METRICS_PORT` serves it alone: described here, in the document only when it is served
 * on the gateway's port.
 */
export const METRICS_OPERATION: NativeRouteOperation = {
  method: 'GET',
  path: '/metrics',
  operation: {
    operationId: 'metrics_get',
    tags: ['Service'],
    summary: 'Prometheus metrics',
    description: 'The gateway process\'s metrics in the Prometheus text format (docs/operations.md). Served on `GATEWAY_METRICS_PORT` instead when that is set.',
    responses: {
      '200': { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
  },
};

/** The reference page: Swagger UI from the swagger-ui-dist package, reading `/openapi.json`. */
const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Steward Admin API reference</title>
<link rel="stylesheet" href="${API_REFERENCE_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${API_REFERENCE_PATH}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '${OPENAPI_DOCUMENT_PATH}', dom_id: '#swagger-ui', deepLinking: true, displayOperationId: true, defaultModelsExpandDepth: 0 });
</script>
</body>
</html>
`;

/** The UI's assets, read once from swagger-ui-dist (served from here: the page works offline, no CDN). */
const ASSETS = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'application/javascript; charset=utf-8' } as const;

/**
 * Serves the document at `/openapi.json` and a reference UI at `/docs`, both without an API key:
 * they are native Fastify routes, which ApiKeyGuard never sees. The document is serialised once.
 */
export function serveApiReference(fastify: FastifyInstance, document: object): void {
  const json = JSON.stringify(document);
  fastify.get(OPENAPI_DOCUMENT_PATH, (_request, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=300').send(json);
  });
  fastify.get(API_REFERENCE_PATH, (_request, reply) => {
    void reply.header('content-type', 'text/html; charset=utf-8').send(REFERENCE_PAGE);
  });
  // The package's directory, without loading its (browser) bundle into this process.
  const root = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  for (const [file, type] of Object.entries(ASSETS)) {
    const content = readFileSync(path.join(root, file));
    fastify.get(`${API_REFERENCE_PATH}/${file}`, (_request, reply) => {
      void reply.header('content-type', type).header('cache-control', 'public, max-age=86400').send(content);
    });
  }
}
