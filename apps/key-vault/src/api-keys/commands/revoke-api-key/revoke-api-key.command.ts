import type { ApiKeysRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class RevokeApiKeyCommand {
  constructor(
    readonly input: RpcPayload<typeof ApiKeysRpc.RevokeApiKey>,
    readonly context: RequestContext,
  ) {}
}
