import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loggerModule } from '@steward/service-kit';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyGuard } from './auth/api-key.guard';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { AuditLogsController } from './audit-logs/audit-logs.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { UsersController } from './users/users.controller';

@Module({
  imports: [loggerModule('api-gateway')],
  controllers: [HealthController, UsersController, AuditLogsController],
  providers: [
    GatewayRpcClient,
    ApiKeyCache,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
  ],
})
export class AppModule {}
