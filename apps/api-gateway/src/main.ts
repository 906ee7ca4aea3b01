import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DomainError } from '@steward/contracts';
import { createKafka, ensureTopics } from '@steward/messaging';
import { exitOnStartupFailure, httpRequestTrace, runClustered, validateSettings } from '@steward/service-kit';
import { AppModule } from './app.module';
import { GATEWAY_SETTINGS, loadGatewayConfig } from './config/gateway.config';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { bodyDepthError } from './http/body-depth';
import { unstorableTextError } from './http/unstorable-text';
import { clientErrorEnvelope, frameworkErrorEnvelope } from './http/framework-errors';
import { routeTable } from './http/method-not-allowed';
import { registerNativeRoutes } from './http/native-routes';
import { requestIdFor } from './http/request-context';
import { reservedFieldError, stewardValidationPipe } from './http/validation';
import { registerLimitHooks } from './limits/limits.hooks';

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
  const { port, host, trustProxy } = loadGatewayConfig();
  await ensureTopics(createKafka('gateway-admin'));
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFor(req.headers['x-request-id']),
    trustProxy,
    // Requests that arrive on an open connection while the gateway stops are served, not refused.
    return503OnClosing: false,
    // Requests refused before routing (bad URL encoding, overlong ids, unparsable HTTP) get the envelope too.
    frameworkErrors: frameworkErrorEnvelope,
    clientErrorHandler: clientErrorEnvelope,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  app.useGlobalPipes(stewardValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  routeTable.attach(fastify);
  // Every response, errors included, carries the request id and the request's trace (W3C
  // traceparent: the gateway's span, under the client's traceparent if it sent a valid one).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    void reply.header('traceparent', httpRequestTrace(request.raw).traceparent);
    done(unsupportedBody(request.method, request.headers));
  });
  // Parsed bodies nested absurdly deep are refused before anything walks them recursively, and
  // text Postgres cannot store (NUL, lone surrogates) and fields every object has ('constructor').
  fastify.addHook('preValidation', (request, _reply, done) => done(bodyDepthError(request.body) ?? unstorableTextError(request) ?? reservedFieldError(request.body)));
  // RateLimit-* headers and stored Idempotency-Key outcomes, on every route's responses.
  registerLimitHooks(app, fastify);
  // The routes that are not Nest controllers: key verification, /openapi.json and /docs.
  registerNativeRoutes(app, fastify);
  // Connect the RPC client (and join its reply group) before accepting traffic.
  await app.get(GatewayRpcClient).connect();
  await app.listen(port, host);
  logger.log(`api-gateway listening on http://${host}:${port}`);
}

// Settings are checked once, before any worker starts, so a bad one is reported once.
try {
  validateSettings(GATEWAY_SETTINGS);
} catch (error) {
  exitOnStartupFailure('api-gateway')(error);
}
// GATEWAY_WORKERS > 1: that many processes share the port, one per core (docs/operations.md).
runClustered({ app: 'api-gateway', workers: loadGatewayConfig().workers, start: () => main().catch(exitOnStartupFailure('api-gateway')) });
