import type { ManagersRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class CreateManagerCommand {
  constructor(
    readonly input: RpcPayload<typeof ManagersRpc.CreateManager>,
    readonly context: RequestContext,
  ) {}
}
