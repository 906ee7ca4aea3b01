import type { RequestContext, RolesRpc, RpcPayload } from '@steward/contracts';

export class DeleteRoleCommand {
  constructor(
    readonly input: RpcPayload<typeof RolesRpc.DeleteRole>,
    readonly context: RequestContext,
  ) {}
}
