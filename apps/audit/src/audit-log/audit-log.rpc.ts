import { AuditRpc } from '@steward/contracts';
import { queryRoute } from '@steward/service-kit';
import { ListAuditLogsQuery } from './queries/list-audit-logs/list-audit-logs.query';

export const auditLogRpcRoutes = [queryRoute(AuditRpc.ListAuditLogs, (payload, context) => new ListAuditLogsQuery(context.org_id, payload))];
