import type { RequestContext, RpcPayload, WorkspacesRpc } from '@steward/contracts';

export class DeleteWorkspaceCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspacesRpc.DeleteWorkspace>,
    readonly context: RequestContext,
  ) {}
}
