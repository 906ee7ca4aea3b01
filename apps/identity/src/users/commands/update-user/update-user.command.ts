import type { RequestContext, RpcPayload, UsersRpc } from '@steward/contracts';

export class UpdateUserCommand {
  constructor(
    readonly input: RpcPayload<typeof UsersRpc.UpdateUser>,
    readonly context: RequestContext,
  ) {}
}
