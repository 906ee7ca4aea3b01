import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import pino from 'pino';
import { storage, Store } from 'nestjs-pino/storage';

/**
 * JSON logs (pino) for every app. Secrets never reach them: the Authorization header, tokens and
 * keys are redacted, and request bodies are not logged.
 */
export const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', '*.secret', '*.token', '*.api_key', 'secret', 'token'];

export function loggerModule(service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      name: service,
      level: process.env.LOG_LEVEL || 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service },
      autoLogging: true,
      customProps: (req) => ({ request_id: (req as { id?: unknown }).id }),
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}

const rootLoggers = new Map<string, pino.Logger>();

/**
 * Runs `fn` with a request-scoped logger in the async context nestjs-pino reads, so every log
 * line written while handling an RPC message carries its request id.
 */
export function withRequestLogging<T>(service: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  let root = rootLoggers.get(service);
  if (!root) {
    root = pino({ name: service, level: process.env.LOG_LEVEL || 'info', base: { service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
    rootLoggers.set(service, root);
  }
  return storage.run(new Store(root.child(fields)), fn);
}
