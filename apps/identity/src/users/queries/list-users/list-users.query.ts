import type { IdentityRpc, RpcPayload } from '@steward/contracts';

export class ListUsersQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof IdentityRpc.ListUsers>,
  ) {}
}
