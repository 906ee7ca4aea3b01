import type { DestinationsRpc, RpcPayload } from '@steward/contracts';

export class ListDestinationsQuery {
  constructor(
    readonly orgId: string,
    readonly input: RpcPayload<typeof DestinationsRpc.ListDestinations>,
  ) {}
}
