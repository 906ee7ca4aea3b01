import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loggerModule } from '@steward/service-kit';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyGuard } from './auth/api-key.guard';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { AuditLogsController } from './audit-logs/audit-logs.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { InvitationsController } from './invitations/invitations.controller';
import { ManagersController } from './managers/managers.controller';
import { RolesController } from './roles/roles.controller';
import { UsersController } from './users/users.controller';

@Module({
  imports: [loggerModule('api-gateway')],
  controllers: [HealthController, UsersController, AuditLogsController, ApiKeysController, InvitationsController, RolesController, ManagersController],
  providers: [
    GatewayRpcClient,
    ApiKeyCache,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
  ],
})
export class AppModule {}
