import type { ManagersRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class DeleteManagerCommand {
  constructor(
    readonly input: RpcPayload<typeof ManagersRpc.DeleteManager>,
    readonly context: RequestContext,
  ) {}
}
