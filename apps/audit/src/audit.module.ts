import { Module } from '@nestjs/common';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { AuditLogProjection } from './audit-log/audit-log.projection';
import { auditLogRpcRoutes } from './audit-log/audit-log.rpc';
import { ListAuditLogsHandler } from './audit-log/queries/list-audit-logs/list-audit-logs.handler';
import { VerifyAuditChainHandler } from './audit-log/queries/verify-audit-chain/verify-audit-chain.handler';
import { AuditRetentionPurge } from './audit-log/retention/audit-retention.purge';
import { AUDIT_CONFIG, loadAuditConfig } from './config/audit.config';
import { EventFeedProjection } from './event-feed/event-feed.projection';
import { eventFeedRpcRoutes } from './event-feed/event-feed.rpc';
import { ListEventsHandler } from './event-feed/queries/list-events/list-events.handler';
import { AUDIT_MIGRATIONS } from './migrations/audit-migrations';

/** Audit appends no events: it projects every context's events into its own log and into the public event feed, and serves both. */
@Module({
  imports: [
    ServiceKitModule.forService({ context: 'audit', routes: [...auditLogRpcRoutes, ...eventFeedRpcRoutes] }),
    serviceDatabaseModule('audit', AUDIT_MIGRATIONS),
  ],
  providers: [
    { provide: AUDIT_CONFIG, useFactory: loadAuditConfig },
    AuditLogProjection,
    ListAuditLogsHandler,
    VerifyAuditChainHandler,
    AuditRetentionPurge,
    EventFeedProjection,
    ListEventsHandler,
  ],
})
export class AuditModule {}
