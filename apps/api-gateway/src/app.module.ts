import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loggerModule } from '@steward/service-kit';
import { ApiKeyVerificationController } from './api-keys/api-key-verification.controller';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { secretBoxProvider } from './api-keys/secret-box';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyUsageRecorder } from './auth/key-usage';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { AuditLogsController } from './audit-logs/audit-logs.controller';
import { DestinationsController } from './destinations/destinations.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { InvitationsController } from './invitations/invitations.controller';
import { ManagersController } from './managers/managers.controller';
import { RolesController } from './roles/roles.controller';
import { TemplatesController } from './templates/templates.controller';
import { UsersController } from './users/users.controller';
import { WorkspaceMembersController } from './workspace-members/workspace-members.controller';
import { WorkspacesController } from './workspaces/workspaces.controller';

@Module({
  imports: [loggerModule('api-gateway')],
  controllers: [HealthController, UsersController, AuditLogsController, ApiKeyVerificationController, ApiKeysController, InvitationsController, RolesController, ManagersController, WorkspacesController, WorkspaceMembersController, TemplatesController, DestinationsController],
  providers: [
    GatewayRpcClient,
    ApiKeyCache,
    KeyUsageRecorder,
    secretBoxProvider,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
  ],
})
export class AppModule {}
