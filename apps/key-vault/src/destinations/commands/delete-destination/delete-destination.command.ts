import type { DestinationsRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class DeleteDestinationCommand {
  constructor(
    readonly input: RpcPayload<typeof DestinationsRpc.DeleteDestination>,
    readonly context: RequestContext,
  ) {}
}
