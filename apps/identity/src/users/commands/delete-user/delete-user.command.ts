import type { RequestContext, RpcPayload, UsersRpc } from '@steward/contracts';

export class DeleteUserCommand {
  constructor(
    readonly input: RpcPayload<typeof UsersRpc.DeleteUser>,
    readonly context: RequestContext,
  ) {}
}
