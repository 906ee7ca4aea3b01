import type { DestinationsRpc, RpcPayload } from '@steward/contracts';

export class ListDestinationApiKeysQuery {
  constructor(
    readonly orgId: string,
    readonly input: RpcPayload<typeof DestinationsRpc.ListDestinationApiKeys>,
  ) {}
}
