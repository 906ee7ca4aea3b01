import type { AuditRpc, RpcPayload } from '@steward/contracts';

export class ListAuditLogsQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof AuditRpc.ListAuditLogs>,
  ) {}
}
