import type { RpcPayload, WorkspaceMembersRpc } from '@steward/contracts';

export class ListMembersQuery {
  constructor(
    readonly orgId: string,
    readonly input: RpcPayload<typeof WorkspaceMembersRpc.ListMembers>,
  ) {}
}
