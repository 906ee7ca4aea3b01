import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, newId } from '@steward/contracts';
import { envelope, resolveError } from './error-envelope.filter';

/**
 * Fastify answers some requests before any route (so before Nest's ErrorEnvelopeFilter) with a
 * body of its own: a path that does not decode (FST_ERR_BAD_URL) or a path parameter longer than
 * its router allows (FST_ERR_MAX_PARAM_LENGTH, 100 characters: no id is that long). These give
 * the envelope instead — and never echo the path, which may carry anything.
 */
export function frameworkErrorEnvelope(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new DomainError('not_found', 'no such resource: an id in the path is too long')
      : new DomainError('invalid_request', 'the request path or query is not valid URL encoding');
  const resolved = resolveError(refusal);
  void reply.status(resolved.status).header('x-request-id', request.id).header('content-type', 'application/json; charset=utf-8').send(envelope(resolved, String(request.id)));
}

/**
 * A request Node's HTTP parser refuses (headers over its size limit, a malformed request line or
 * header, conflicting Content-Length) never reaches Fastify's routing: the answer is written to
 * the socket here, as the envelope (400 invalid_request; API.md has no code for 431).
 */
export function clientErrorEnvelope(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const requestId = newId('req');
  const message = error.code === 'HPE_HEADER_OVERFLOW' ? 'the request headers are too large' : 'the request is not valid HTTP';
  const body = JSON.stringify(envelope({ status: 400, code: 'invalid_request', message }, requestId));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nX-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
