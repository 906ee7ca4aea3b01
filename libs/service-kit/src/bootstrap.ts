import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { BoundedContext } from '@steward/contracts';
import { RpcServer, createKafka, ensureTopics } from '@steward/messaging';
import { loadServiceConfig, type ServiceConfig } from './config';
import { GracefulShutdown } from './graceful-shutdown';
import { exitOnStartupFailure, validateSettings } from './startup';

export interface ServiceStartOptions {
  /**
   * The service's own settings loaders (e.g. `loadIdentityConfig`), run with the shared ones
   * before anything connects: a bad variable stops the start with a message naming it.
   */
  settings?: Array<() => unknown>;
}

/**
 * Starts a service: its settings checked, topics, then the Nest app (migrations run as TypeORM
 * initialises), its Kafka RPC server and its HTTP port (health, metrics). SIGTERM/SIGINT stop it
 * gracefully (GracefulShutdown, then every `beforeApplicationShutdown` hook).
 */
export function bootstrapService(module: unknown, context: BoundedContext, options: ServiceStartOptions = {}): Promise<NestFastifyApplication | void> {
  return startService(module, context, options).catch(exitOnStartupFailure(context));
}

async function startService(module: unknown, context: BoundedContext, options: ServiceStartOptions): Promise<NestFastifyApplication> {
  let config: ServiceConfig | undefined;
  validateSettings([() => (config = loadServiceConfig(context)), ...(options.settings ?? [])]);
  const { port, host, databaseName } = config as ServiceConfig;
  await ensureTopics(createKafka(`${context}-admin`));
  // Requests that arrive on an open connection while the app stops are served, not refused.
  const adapter = new FastifyAdapter({ return503OnClosing: false });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  const rpcServer = new RpcServer(context);
  app.connectMicroservice({ strategy: rpcServer }, { inheritAppConfig: true });
  app.get(GracefulShutdown).drainAfterHttp(rpcServer);
  await app.startAllMicroservices();
  await app.listen(port, host);
  logger.log(`${context} service ready on http://${host}:${port} (database ${databaseName})`);
  return app;
}
