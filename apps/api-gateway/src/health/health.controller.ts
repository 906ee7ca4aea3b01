import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CONTEXTS, newId, pingRpc } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { Public } from '../auth/scopes.decorator';

/** Liveness of the gateway, and readiness of the whole path: Kafka and every service behind it. */
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, 'up' | 'down'> }> {
    const results = await Promise.all(
      CONTEXTS.map(async (context) => {
        try {
          await this.rpc.call(pingRpc(context), {}, { org_id: 'system', actor: { type: 'system', id: 'health' }, request_id: newId('req') }, 2000);
          return [context, 'up'] as const;
        } catch {
          return [context, 'down'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results) as Record<string, 'up' | 'down'>;
    if (results.some(([, state]) => state === 'down')) {
      void reply.status(503);
      return { status: 'unavailable', checks };
    }
    return { status: 'ok', checks };
  }
}
