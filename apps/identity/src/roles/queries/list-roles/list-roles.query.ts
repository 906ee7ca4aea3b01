import type { RolesRpc, RpcPayload } from '@steward/contracts';

export class ListRolesQuery {
  constructor(
    readonly orgId: string,
    readonly page: RpcPayload<typeof RolesRpc.ListRoles>,
  ) {}
}
