import type { ApiKeysRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class RetrieveSecretCommand {
  constructor(
    readonly input: RpcPayload<typeof ApiKeysRpc.RetrieveSecret>,
    readonly context: RequestContext,
  ) {}
}
