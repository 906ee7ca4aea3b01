import type { ApiKeysRpc, RpcPayload } from '@steward/contracts';

export class ListApiKeysQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof ApiKeysRpc.ListApiKeys>,
  ) {}
}
