import type { RequestContext, RpcPayload, WorkspacesRpc } from '@steward/contracts';

export class UpdateWorkspaceCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspacesRpc.UpdateWorkspace>,
    readonly context: RequestContext,
  ) {}
}
