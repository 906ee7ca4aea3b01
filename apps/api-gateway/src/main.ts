import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DomainError } from '@steward/contracts';
import { createKafka, ensureTopics } from '@steward/messaging';
import { envInt, env } from '@steward/service-kit';
import { registerApiKeyVerificationRoute } from './api-keys/api-key-verification.route';
import { AppModule } from './app.module';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { bodyDepthError } from './http/body-depth';
import { routeTable } from './http/method-not-allowed';
import { requestIdFor } from './http/request-context';
import { stewardValidationPipe } from './http/validation';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** The API speaks JSON only: a body of any other type is refused with 415 before parsing. */
function unsupportedBody(method: string, headers: Record<string, string | string[] | undefined>): DomainError | undefined {
  const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
  if (!hasBody || method === 'GET' || method === 'HEAD') return undefined;
  const type = String(headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return undefined;
  return new DomainError('unsupported_media_type', 'Content-Type must be application/json');
}

async function main(): Promise<void> {
  const port = envInt('GATEWAY_PORT', 3000, { min: 0, max: 65535 });
  const host = env('HOST', '127.0.0.1');
  await ensureTopics(createKafka('gateway-admin'));
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFor(req.headers['x-request-id']),
    trustProxy: process.env.TRUST_PROXY === 'true',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  app.useGlobalPipes(stewardValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  routeTable.attach(fastify);
  // Every response, errors included, carries the request id.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done(unsupportedBody(request.method, request.headers));
  });
  // Parsed bodies nested absurdly deep are refused before anything walks them recursively.
  fastify.addHook('preValidation', (request, _reply, done) => done(bodyDepthError(request.body)));
  registerApiKeyVerificationRoute(app, fastify);
  // Connect the RPC client (and join its reply group) before accepting traffic.
  await app.get(GatewayRpcClient).connect();
  await app.listen(port, host);
  logger.log(`api-gateway listening on http://${host}:${port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'api-gateway', msg: 'failed to start', err: String((error as Error)?.stack ?? error) })}\n`);
  process.exit(1);
});
