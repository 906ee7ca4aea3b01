import type { RequestContext } from '@steward/contracts';

/**
 * `POST /v1/invitations/accept {token}` (no API key): the token is the credential. `context`
 * carries only the request's id, ip and user agent; organization and actor come from the
 * invitation the token belongs to.
 */
export class AcceptInvitationCommand {
  constructor(
    readonly token: string,
    readonly context: RequestContext,
  ) {}
}
