import type { RequestContext, RpcPayload, WorkspaceRpc } from '@steward/contracts';

/** Issued by `npm run bootstrap`; the new organization id is decided by the caller's context. */
export class CreateOrganizationCommand {
  constructor(
    readonly input: RpcPayload<typeof WorkspaceRpc.CreateOrganization>,
    readonly context: RequestContext,
  ) {}
}
