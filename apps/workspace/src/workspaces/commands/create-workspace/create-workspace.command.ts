import type { RequestContext, RpcPayload, WorkspacesRpc } from '@steward/contracts';

export class CreateWorkspaceCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspacesRpc.CreateWorkspace>,
    readonly context: RequestContext,
  ) {}
}
