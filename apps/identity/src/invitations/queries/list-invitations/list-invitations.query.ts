import type { InvitationsRpc, RpcPayload } from '@steward/contracts';

export class ListInvitationsQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof InvitationsRpc.ListInvitations>,
  ) {}
}
