import { createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { DomainError } from '@steward/contracts';
import type { StewardRequest } from './request-context';

/**
 * The one ETag / If-Match mechanism: a resource's ETag is its stream version in quotes
 * (`"3"`); `If-Match` on PATCH/PUT/DELETE (and the writes that take it) becomes the
 * `expected_version` the service checks (412 precondition_failed when stale). `*` or no header
 * means "any version".
 *
 * - `EtagInterceptor` (global) sends `ETag` with every response whose body is one versioned
 *   resource (an object with a numeric `version`): GET, PATCH, POST alike, present and future.
 * - `@IfMatch()` hands a handler the expected version, and documents the header (and so its
 *   412) in the OpenAPI document: a handler cannot take the version without it being documented.
 */
export function etagOf(resource: { version: number }): string {
  return `"${resource.version}"`;
}

export function expectedVersion(request: StewardRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  if (!match) {
    throw new DomainError('invalid_request', 'If-Match must be an ETag such as "3"', [{ field: 'If-Match', issue: 'format' }]);
  }
  return Number(match[1]);
}

function isVersioned(body: unknown): body is { version: number } {
  return typeof body === 'object' && body !== null && typeof (body as { version?: unknown }).version === 'number';
}

@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (isVersioned(body)) void context.switchToHttp().getResponse<FastifyReply>().header('etag', etagOf(body));
        return body;
      }),
    );
  }
}

export const IF_MATCH_HEADER = 'If-Match';

const documentIfMatch = (target: object, key: string | symbol | undefined): void => {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  ApiHeader({
    name: IF_MATCH_HEADER,
    required: false,
    description: 'The `ETag` of the version this change is based on (`"3"`); a stale one answers 412 `precondition_failed` and changes nothing. Absent or `*`: any version.',
    schema: { type: 'string', example: '"3"' },
  })(target, key, descriptor);
};

/** The version `If-Match` names (undefined: any), for the service's optimistic concurrency check. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext) => expectedVersion(context.switchToHttp().getRequest<StewardRequest>()), [
  documentIfMatch,
]);
