import type { DestinationsRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class CreateDestinationCommand {
  constructor(
    readonly input: RpcPayload<typeof DestinationsRpc.CreateDestination>,
    readonly context: RequestContext,
  ) {}
}
