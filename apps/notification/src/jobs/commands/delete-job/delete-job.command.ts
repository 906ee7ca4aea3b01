import type { JobsRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class DeleteJobCommand {
  constructor(
    readonly input: RpcPayload<typeof JobsRpc.DeleteJob>,
    readonly context: RequestContext,
  ) {}
}
