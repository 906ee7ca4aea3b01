import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

/** Liveness and readiness of a service (its database); the gateway checks services over RPC. */
@Controller('health')
export class ServiceHealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, 'up' | 'down'> }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      void reply.status(503);
      return { status: 'unavailable', checks: { postgres: 'down' } };
    }
    return { status: 'ok', checks: { postgres: 'up' } };
  }
}
