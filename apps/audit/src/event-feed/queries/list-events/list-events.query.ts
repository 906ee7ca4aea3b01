import type { EventFeedRpc, RpcPayload } from '@steward/contracts';

export class ListEventsQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof EventFeedRpc.ListEvents>,
  ) {}
}
