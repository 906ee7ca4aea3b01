import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { registerApiKeyVerificationRoute } from '../api-keys/api-key-verification.route';
import { loadGatewayConfig } from '../config/gateway.config';
import { serveApiReference } from '../openapi/api-reference';
import { buildOpenApiDocument } from '../openapi/openapi-document';

/**
 * Every route registered on Fastify directly rather than through a Nest controller: the key
 * verification hot path, and the API reference (`/openapi.json`, `/docs`); `/metrics` is
 * OperationsModule's (registered when the app initialises). main.ts calls this,
 * and so does the OpenAPI tooling when it builds the gateway offline to read its route table —
 * register a new native route here, and describe it in `nativeRouteOperations`, or the
 * OpenAPI conformance test fails.
 *
 * The document is built here, at start, so a gateway whose document cannot be built does not
 * start (rather than failing its first `/openapi.json`).
 */
export function registerNativeRoutes(app: NestFastifyApplication, fastify: FastifyInstance): void {
  registerApiKeyVerificationRoute(app, fastify);
  const document = buildOpenApiDocument(app, { metricsOnPublicPort: loadGatewayConfig().metrics === undefined });
  serveApiReference(fastify, document);
}
