import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import pino from 'pino';
import { storage, Store } from 'nestjs-pino/storage';
import { logLevel } from './config';
import { httpRequestTrace } from './tracing';

/**
 * JSON logs (pino) for every app. Secrets never reach them: the Authorization header, tokens and
 * keys are redacted, and request bodies are not logged.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.secret',
  '*.token',
  '*.api_key',
  'secret',
  'token',
  // A failed query's bound values (TypeORM QueryFailedError.parameters) may hold hashes or ciphertexts.
  '*.parameters',
  'err.driverError.parameters',
];

/** Query parameters whose value is a credential (e.g. the invitation link's `?token=`). */
const SECRET_PARAM = /token|secret|key|password|signature/i;
/** A Steward API key anywhere in a URL (a client that put one in a path or a query). */
const API_KEY_IN_TEXT = /sk_live_[A-Za-z0-9]+/g;

/**
 * The URL of a request as logged: credential-like query values and anything shaped like an API
 * key are replaced by `[redacted]`. A followed invitation link (`/invitations/accept?token=…`)
 * would otherwise put its token into the access log.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const query = url.indexOf('?');
  const path = (query < 0 ? url : url.slice(0, query)).replace(API_KEY_IN_TEXT, 'sk_live_[redacted]');
  if (query < 0) return path;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (eq >= 0 && SECRET_PARAM.test(decodeURIComponentSafe(name))) return `${name}=[redacted]`;
      return pair.replace(API_KEY_IN_TEXT, 'sk_live_[redacted]');
    });
  return `${path}?${params.join('&')}`;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * `exclude`: routes pino-http must skip because they write their own access line (the gateway's
 * native verify route, where pino-http's per-request child logger is a third of the cost).
 */
export function loggerModule(service: string, options: { exclude?: RouteInfo[] } = {}): DynamicModule {
  // A factory: settings are read when the app starts (after they were checked), not on import.
  return LoggerModule.forRootAsync({
    useFactory: () => ({
      ...(options.exclude?.length ? { exclude: options.exclude } : {}),
      pinoHttp: {
        name: service,
        level: logLevel(),
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        base: { service },
        autoLogging: true,
        // Every line of a request (its access line and what is logged while serving it) names its trace.
        customProps: (req) => {
          const { trace_id, span_id } = httpRequestTrace(req);
          return { request_id: (req as { id?: unknown }).id, trace_id, span_id };
        },
        serializers: {
          req: (req: { id?: string; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        },
      },
    }),
  });
}

const rootLoggers = new Map<string, pino.Logger>();

/**
 * Runs `fn` with a request-scoped logger in the async context nestjs-pino reads, so every log
 * line written while handling an RPC message carries its request id and trace.
 */
export function withRequestLogging<T>(service: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  let root = rootLoggers.get(service);
  if (!root) {
    root = pino({ name: service, level: logLevel(), base: { service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
    rootLoggers.set(service, root);
  }
  return storage.run(new Store(root.child(fields)), fn);
}
