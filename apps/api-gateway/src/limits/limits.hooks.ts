import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { StewardRequest } from '../http/request-context';
import { Idempotency } from './idempotency';

/**
 * One Fastify onSend hook for every response — Nest routes, the native verify route, errors
 * rendered by ErrorEnvelopeFilter alike: where a key was identified, the RateLimit-* headers of
 * its check (and `Retry-After` on a refusal); where a request held an Idempotency-Key, its
 * outcome stored (or the key released) before the response leaves.
 */
export function registerLimitHooks(app: INestApplication, fastify: FastifyInstance): void {
  const idempotency = app.get(Idempotency);
  // Callback style: no promise per response on the hot path (settle never rejects).
  fastify.addHook('onSend', (request: StewardRequest, reply, payload, done) => {
    const decision = request.rateLimit;
    if (decision) {
      void reply.header('ratelimit-limit', decision.limit).header('ratelimit-remaining', decision.remaining).header('ratelimit-reset', decision.resetSeconds);
      if (!decision.allowed) void reply.header('retry-after', decision.resetSeconds);
    }
    if (!request.idempotency) return done(null, payload);
    void idempotency.settle(request, reply, payload).then(() => done(null, payload));
  });
}
