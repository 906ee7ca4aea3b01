import type { RequestContext } from '@steward/contracts';

/**
 * `POST /v1/invitations/decline {token}` (no API key): the token is the credential. `context`
 * carries only the request's id, ip and user agent; organization and actor come from the
 * invitation the token belongs to.
 */
export class DeclineInvitationCommand {
  constructor(
    readonly token: string,
    readonly context: RequestContext,
  ) {}
}
