import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { KafkaProbe, kafkaClientStates } from '@steward/messaging';

/**
 * `kafka` of a readiness check: a broker answers a metadata request within `timeoutMs`, and every
 * Kafka consumer and producer this process runs is connected (consumers: joined their group).
 * The details name each client and its state.
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: KafkaProbe,
  ) {}

  async isHealthy(key: string, timeoutMs = 1500): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    const clients = kafkaClientStates();
    try {
      await this.probe.ping(timeoutMs);
    } catch (error) {
      return session.down({ message: `no broker answered: ${(error as Error)?.message ?? 'unknown error'}`, clients });
    }
    const down = Object.entries(clients).filter(([, state]) => state === 'down');
    if (down.length) return session.down({ message: `not connected: ${down.map(([name]) => name).join(', ')}`, clients });
    return session.up({ clients });
  }
}

/**
 * Runs a Terminus check and answers with its result either way: 200 when healthy, 503 with the
 * same shape when not (Terminus throws the result inside an exception; the gateway's error
 * filter would otherwise turn it into an error envelope).
 */
export async function healthResponse(reply: FastifyReply, check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    void reply.status(503);
    return error.getResponse() as HealthCheckResult;
  }
}
