import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { KafkaHealthIndicator, healthResponse } from './health';

/**
 * Liveness and readiness of a service (docs/operations.md): `live` = the process answers;
 * `ready` = its database answers and its Kafka clients are connected. 200 `{status: "ok", …}`,
 * else 503 `{status: "error" | "shutting_down", …}` (Terminus' shape).
 */
@Controller('health')
export class ServiceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  @Get('live')
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return healthResponse(reply, () => this.health.check([]));
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return healthResponse(reply, () =>
      this.health.check([() => this.database.pingCheck('postgres', { timeout: 1500 }), () => this.kafka.isHealthy('kafka')]),
    );
  }
}
