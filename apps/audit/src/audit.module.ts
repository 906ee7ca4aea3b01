import { Module } from '@nestjs/common';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { AuditLogProjection } from './audit-log/audit-log.projection';
import { auditLogRpcRoutes } from './audit-log/audit-log.rpc';
import { ListAuditLogsHandler } from './audit-log/queries/list-audit-logs/list-audit-logs.handler';
import { AuditEntries1764140000200 } from './migrations/1764140000200-audit-entries';

/** Audit appends no events: it projects every context's events into its own log and serves it. */
@Module({
  imports: [
    ServiceKitModule.forService({ context: 'audit', routes: [...auditLogRpcRoutes] }),
    serviceDatabaseModule('audit', [AuditEntries1764140000200]),
  ],
  providers: [AuditLogProjection, ListAuditLogsHandler],
})
export class AuditModule {}
