import type { RequestContext, RpcPayload, IdentityRpc } from '@steward/contracts';

export class CreateUserCommand {
  constructor(
    readonly input: RpcPayload<typeof IdentityRpc.CreateUser>,
    readonly context: RequestContext,
  ) {}
}
