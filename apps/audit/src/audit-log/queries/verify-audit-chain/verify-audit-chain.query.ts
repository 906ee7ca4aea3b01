import type { AuditRpc, RpcPayload } from '@steward/contracts';

export class VerifyAuditChainQuery {
  constructor(
    readonly orgId: string,
    readonly payload: RpcPayload<typeof AuditRpc.VerifyAuditChain>,
  ) {}
}
