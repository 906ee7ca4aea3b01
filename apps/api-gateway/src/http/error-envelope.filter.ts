import { ArgumentsHost, Catch, HttpException, Logger, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import { routeTable } from './method-not-allowed';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError, ERROR_STATUS, type ErrorCode, type ErrorDetail, type ErrorEnvelope } from '@steward/contracts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'insufficient_scope',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_mismatch',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Errors raised by Fastify itself, before a route handler runs. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'the request body is empty but Content-Type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Content-Type must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'Content-Length does not match the body' },
};

/**
 * Nest turns Fastify's own errors into a bare HttpException(message, status), dropping their
 * code; their messages identify them (taken from Fastify itself, so they track its version).
 */
const FASTIFY_ERRORS_BY_MESSAGE = new Map(
  Object.entries(FASTIFY_ERRORS).flatMap(([name, known]) => {
    const ErrorClass = (errorCodes as unknown as Record<string, new () => Error>)[name];
    return ErrorClass ? [[new ErrorClass().message, known] as const] : [];
  }),
);

export interface ResolvedError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** Maps anything thrown while serving a request to a status, a stable code and a safe message. */
export function resolveError(exception: unknown): ResolvedError {
  if (exception instanceof DomainError) {
    return { status: exception.status, code: exception.code, message: exception.message, details: exception.details };
  }
  const fastifyCode = (exception as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return { status: ERROR_STATUS[known.code], ...known };
  }
  if (exception instanceof SyntaxError && (exception as { statusCode?: number }).statusCode === 400) {
    return { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const fastifyError = FASTIFY_ERRORS_BY_MESSAGE.get(exception.message);
    if (fastifyError) return { status: ERROR_STATUS[fastifyError.code], ...fastifyError };
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
    const message = status === 404 ? 'no such route' : status >= 500 ? 'internal error' : exception.message;
    return { status, code, message };
  }
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: CODE_BY_STATUS[status] ?? 'invalid_request', message: 'the request could not be processed' };
  }
  return { status: 500, code: 'internal', message: 'internal error' };
}

export function envelope(error: ResolvedError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      status: error.status,
      request_id: requestId,
      ...(error.details?.length ? { details: error.details } : {}),
    },
  };
}

/** The one place errors become the API.md envelope. Internals are logged, never returned. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Nest's not-found handler throws `Cannot <METHOD> <url>` for unmatched routes.
    const unmatchedRoute = exception instanceof NotFoundException && exception.message.startsWith('Cannot ');
    const resolved = resolveError(unmatchedRoute ? routeTable.unmatched(request.method, request.url) : exception);
    if (resolved.code === 'method_not_allowed') void reply.header('allow', routeTable.allowedMethods(request.url).join(', '));
    if (resolved.status >= 500 && resolved.code === 'internal') {
      this.logger.error({ err: exception, request_id: request.id }, 'unhandled error');
    }
    void reply.status(resolved.status).header('content-type', 'application/json; charset=utf-8').send(envelope(resolved, String(request.id)));
  }
}
