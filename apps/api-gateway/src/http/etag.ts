import type { FastifyReply } from 'fastify';
import { DomainError } from '@steward/contracts';
import type { StewardRequest } from './request-context';

/**
 * The one ETag / If-Match mechanism: a resource's ETag is its stream version in quotes
 * (`"3"`); `If-Match` on PATCH/PUT/DELETE becomes the `expected_version` the service checks
 * (412 precondition_failed when stale). `*` or no header means "any version".
 */
export function setEtag(reply: FastifyReply, resource: { version: number }): void {
  void reply.header('etag', `"${resource.version}"`);
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
