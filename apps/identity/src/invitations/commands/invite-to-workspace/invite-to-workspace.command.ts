import type { RequestContext, RpcPayload, WorkspaceInvitationsRpc } from '@steward/contracts';

/** `POST /v1/workspaces/{id}/invitations {email, role}` (the gateway checked the workspace exists). */
export class InviteToWorkspaceCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspaceInvitationsRpc.InviteToWorkspace>,
    readonly context: RequestContext,
  ) {}
}
