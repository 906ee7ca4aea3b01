import type { ManagersRpc, RpcPayload } from '@steward/contracts';

export class ListManagersQuery {
  constructor(
    readonly orgId: string,
    readonly page: RpcPayload<typeof ManagersRpc.ListManagers>,
  ) {}
}
