import type { JobsRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class RetryJobCommand {
  constructor(
    readonly input: RpcPayload<typeof JobsRpc.RetryJob>,
    readonly context: RequestContext,
  ) {}
}
