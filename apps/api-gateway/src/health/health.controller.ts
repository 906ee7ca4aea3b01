import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { CONTEXTS, newId, pingRpc, type BoundedContext } from '@steward/contracts';
import { KafkaHealthIndicator, healthResponse } from '@steward/service-kit';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { Public } from '../auth/scopes.decorator';
import { HealthCheckResponse } from './health.responses';

/** How long a service may take to answer the readiness ping. */
const PING_TIMEOUT_MS = 2000;

/**
 * Liveness of the gateway, and readiness of the whole path: Kafka (a broker answers; the
 * gateway's request producer and reply consumer are connected) and every service behind it
 * (answers a ping over Kafka request/reply). 200 `{status: "ok", …}`, else 503 (docs/operations.md).
 */
@ApiTags('Service')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly rpc: GatewayRpcClient,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness', description: 'The gateway process is up.' })
  @ApiOkResponse({ type: HealthCheckResponse })
  @ApiServiceUnavailableResponse({ type: HealthCheckResponse, description: 'Shutting down.' })
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return healthResponse(reply, () => this.health.check([]));
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness', description: 'Kafka and every service behind the gateway answer.' })
  @ApiOkResponse({ type: HealthCheckResponse })
  @ApiServiceUnavailableResponse({ type: HealthCheckResponse, description: 'A check is down (`error` names it).' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return healthResponse(reply, () => this.health.check([() => this.kafka.isHealthy('kafka'), ...CONTEXTS.map((context) => () => this.ping(context))]));
  }

  private async ping(context: BoundedContext): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(context);
    const started = Date.now();
    try {
      await this.rpc.call(pingRpc(context), {}, { org_id: 'system', actor: { type: 'system', id: 'health' }, request_id: newId('req') }, PING_TIMEOUT_MS);
      return session.up({ response_ms: Date.now() - started });
    } catch {
      return session.down({ message: `no answer within ${PING_TIMEOUT_MS} ms` });
    }
  }
}
