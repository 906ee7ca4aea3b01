import type { ManagersRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class UpdateManagerCommand {
  constructor(
    readonly input: RpcPayload<typeof ManagersRpc.UpdateManager>,
    readonly context: RequestContext,
  ) {}
}
