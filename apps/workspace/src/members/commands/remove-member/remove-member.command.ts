import type { RequestContext, RpcPayload, WorkspaceMembersRpc } from '@steward/contracts';

/** `DELETE /v1/workspaces/{id}/members/{user_id}`: the membership ends (reason `removed`). */
export class RemoveMemberCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspaceMembersRpc.RemoveMember>,
    readonly context: RequestContext,
  ) {}
}
