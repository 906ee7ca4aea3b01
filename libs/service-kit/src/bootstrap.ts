import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { BoundedContext } from '@steward/contracts';
import { createKafka, ensureTopics, rpcServerOptions } from '@steward/messaging';
import { ConfigError, loadServiceConfig } from './config';

/**
 * Starts a service: topics, then the Nest app (migrations run as TypeORM initialises), its
 * Kafka RPC server and its HTTP health endpoint. Shutdown hooks let consumers leave their groups.
 */
export function bootstrapService(module: unknown, context: BoundedContext): Promise<NestFastifyApplication | void> {
  return startService(module, context).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${context}: configuration error: ${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service: context, msg: 'failed to start', err: String((error as Error)?.stack ?? error) })}\n`);
    process.exit(1);
  });
}

async function startService(module: unknown, context: BoundedContext): Promise<NestFastifyApplication> {
  let config;
  try {
    config = loadServiceConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${context}: configuration error: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  await ensureTopics(createKafka(`${context}-admin`));
  const app = await NestFactory.create<NestFastifyApplication>(module as never, new FastifyAdapter(), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  app.connectMicroservice(rpcServerOptions(context), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  logger.log(`${context} service ready on http://${config.host}:${config.port} (database ${config.databaseName})`);
  return app;
}
