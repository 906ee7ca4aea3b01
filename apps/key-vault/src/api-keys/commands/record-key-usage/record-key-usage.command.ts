import type { ApiKeysRpc, RpcPayload } from '@steward/contracts';

export class RecordKeyUsageCommand {
  constructor(readonly input: RpcPayload<typeof ApiKeysRpc.RecordUsage>) {}
}
