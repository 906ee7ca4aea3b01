import type { RequestContext } from '@steward/contracts';

/** `DELETE /v1/invitations/{id}`: a pending invitation is revoked; its token stops working. */
export class RevokeInvitationCommand {
  constructor(
    readonly invitationId: string,
    readonly expectedVersion: number | undefined,
    readonly context: RequestContext,
  ) {}
}
