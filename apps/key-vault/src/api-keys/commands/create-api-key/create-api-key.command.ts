import type { KeyVaultRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class CreateApiKeyCommand {
  constructor(
    readonly input: RpcPayload<typeof KeyVaultRpc.CreateApiKey>,
    readonly context: RequestContext,
  ) {}
}
