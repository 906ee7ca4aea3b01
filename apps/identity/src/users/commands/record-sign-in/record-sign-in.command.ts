import type { RequestContext, RpcPayload, UsersRpc } from '@steward/contracts';

export class RecordSignInCommand {
  constructor(
    readonly input: RpcPayload<typeof UsersRpc.RecordSignIn>,
    readonly context: RequestContext,
  ) {}
}
