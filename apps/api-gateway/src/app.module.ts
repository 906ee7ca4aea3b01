import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { OperationsModule, loggerModule } from '@steward/service-kit';
import { API_KEY_VERIFICATION_ROUTE } from './api-keys/api-key-verification.route';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { secretBoxProvider } from './api-keys/secret-box';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyUsageRecorder } from './auth/key-usage';
import { GatewayRpcClient } from './auth/rpc-client.provider';
import { AuditLogsController } from './audit-logs/audit-logs.controller';
import { DestinationsController } from './destinations/destinations.controller';
import { loadGatewayConfig } from './config/gateway.config';
import { AsyncApiController } from './events/asyncapi.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { EtagInterceptor } from './http/etag';
import { InvitationsController } from './invitations/invitations.controller';
import { JobsController } from './jobs/jobs.controller';
import { Idempotency } from './limits/idempotency';
import { IdempotencyInterceptor } from './limits/idempotency.interceptor';
import { LimitsRedis } from './limits/limits-redis';
import { RateLimiter } from './limits/rate-limiter';
import { ManagersController } from './managers/managers.controller';
import { RolesController } from './roles/roles.controller';
import { TemplatesController } from './templates/templates.controller';
import { UsersController } from './users/users.controller';
import { WorkspaceMembersController } from './workspace-members/workspace-members.controller';
import { WorkspacesController } from './workspaces/workspaces.controller';

@Module({
  imports: [
    loggerModule('api-gateway', { exclude: [{ method: RequestMethod.POST, path: API_KEY_VERIFICATION_ROUTE.path }] }),
    // Health (Terminus), metrics (/metrics here, or alone on GATEWAY_METRICS_PORT), graceful shutdown.
    OperationsModule.forApp({ app: 'api-gateway', metricsListener: () => loadGatewayConfig().metrics }),
  ],
  controllers: [HealthController, UsersController, AuditLogsController, ApiKeysController, InvitationsController, RolesController, ManagersController, WorkspacesController, WorkspaceMembersController, TemplatesController, DestinationsController, EventsController, AsyncApiController, JobsController],
  providers: [
    GatewayRpcClient,
    ApiKeyCache,
    ApiKeyAuthenticator,
    KeyUsageRecorder,
    secretBoxProvider,
    LimitsRedis,
    RateLimiter,
    Idempotency,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    // ETag of every response that is one versioned resource (inside IdempotencyInterceptor: a replay keeps its stored ETag).
    { provide: APP_INTERCEPTOR, useClass: EtagInterceptor },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
  ],
})
export class AppModule {}
