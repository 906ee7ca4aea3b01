import type { RequestContext, RolesRpc, RpcPayload } from '@steward/contracts';

export class CreateRoleCommand {
  constructor(
    readonly input: RpcPayload<typeof RolesRpc.CreateRole>,
    readonly context: RequestContext,
  ) {}
}
