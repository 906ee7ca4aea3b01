import type { RpcPayload, WorkspacesRpc } from '@steward/contracts';

export class ListWorkspacesQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof WorkspacesRpc.ListWorkspaces>,
  ) {}
}
