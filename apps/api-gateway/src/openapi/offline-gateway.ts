import type { NestApplication } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { registerNativeRoutes } from '../http/native-routes';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

export interface GatewayRoute {
  method: string;
  url: string;
}

/**
 * The gateway application as main.ts builds it — its modules, Nest routes and native routes —
 * without listening, and with every route it registers recorded.
 *
 * - By default nothing connects: Nest registers controller routes in `init`, which would also
 *   connect to Kafka and Redis; `registerRouter` is the part of `init` that registers them. Enough
 *   for the document (`npm run sdk:generate`, its staleness test).
 * - `{ initialise: true }` runs the whole `init` (lifecycle hooks: connections, and the routes
 *   modules add then, such as `/metrics`): the complete route table, for the conformance e2e,
 *   which has the test stack's Kafka and Redis to connect to.
 */
export async function buildOfflineGateway(options: { initialise?: boolean } = {}): Promise<{ document: OpenApiDocument; routes: GatewayRoute[]; close: () => Promise<void> }> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false, abortOnError: false });
  const fastify = app.getHttpAdapter().getInstance();
  const routes: GatewayRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routes.push({ method: String(method).toUpperCase(), url: route.url });
  });
  registerNativeRoutes(app, fastify);
  if (options.initialise) await app.init();
  else await (app as unknown as NestApplication).registerRouter();
  await fastify.ready();
  return { document: buildOpenApiDocument(app), routes, close: () => app.close() };
}
