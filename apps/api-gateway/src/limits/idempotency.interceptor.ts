import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { of, type Observable } from 'rxjs';
import type { StewardRequest } from '../http/request-context';
import { Idempotency, replay } from './idempotency';

/**
 * Idempotency-Key for every Nest route (after ApiKeyGuard, so the key is known; before the
 * validation pipe and the handler): a replay answers without running the handler.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: Idempotency) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const stored = await this.idempotency.begin(http.getRequest<StewardRequest>());
    return stored ? of(replay(http.getResponse<FastifyReply>(), stored)) : next.handle();
  }
}
