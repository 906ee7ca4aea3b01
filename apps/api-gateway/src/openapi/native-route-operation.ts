import type { Scope } from '@steward/contracts';

/**
 * The OpenAPI description of a route registered on Fastify directly (not a Nest controller, so
 * not seen by @nestjs/swagger), kept next to the route it describes and merged into the document
 * by `buildOpenApiDocument`. Schemas are JSON Schema 2020-12 (OpenAPI 3.1), e.g. TypeBox.
 */
export interface NativeRouteOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The scope the route authenticates with; absent for a public route. */
  scope?: Scope;
  operation: Record<string, unknown> & { operationId: string; summary: string; responses: Record<string, unknown> };
}
