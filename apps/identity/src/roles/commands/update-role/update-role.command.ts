import type { RequestContext, RolesRpc, RpcPayload } from '@steward/contracts';

export class UpdateRoleCommand {
  constructor(
    readonly input: RpcPayload<typeof RolesRpc.UpdateRole>,
    readonly context: RequestContext,
  ) {}
}
