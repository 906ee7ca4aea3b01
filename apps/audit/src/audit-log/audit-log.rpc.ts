import { AuditRpc } from '@steward/contracts';
import { queryRoute } from '@steward/service-kit';
import { ListAuditLogsQuery } from './queries/list-audit-logs/list-audit-logs.query';
import { VerifyAuditChainQuery } from './queries/verify-audit-chain/verify-audit-chain.query';

export const auditLogRpcRoutes = [
  queryRoute(AuditRpc.ListAuditLogs, (payload, context) => new ListAuditLogsQuery(context.org_id, payload)),
  queryRoute(AuditRpc.VerifyAuditChain, (payload, context) => new VerifyAuditChainQuery(context.org_id, payload)),
];
