import type { RequestContext } from '@steward/contracts';

/** `POST /v1/users/{id}/resend-invitation`: a new token (and email) for the user's pending invitation. */
export class ResendInvitationCommand {
  constructor(
    readonly userId: string,
    readonly context: RequestContext,
  ) {}
}
