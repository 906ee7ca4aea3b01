import type { ApiKeysRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class RotateApiKeyCommand {
  constructor(
    readonly input: RpcPayload<typeof ApiKeysRpc.RotateApiKey>,
    readonly context: RequestContext,
  ) {}
}
