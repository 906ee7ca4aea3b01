import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/**
 * Statuses an invitation shows. `expired` is never stored: it is a pending invitation read
 * after its `expires_at`.
 */
export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export type InvitationResourceStatus = (typeof INVITATION_STATUSES)[number];

/**
 * Invitation as API.md shows it, plus `version` (its stream version, the ETag) like every
 * resource. Never a token or a token hash.
 */
export interface InvitationResource {
  id: string;
  email: string;
  user_id: string;
  workspace_id: string | null;
  role: string;
  status: InvitationResourceStatus;
  expires_at: string;
  created_at: string;
  version: number;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
/** Any string is looked up (a malformed token is simply one that matches nothing → 410). */
const Token = Type.String({ maxLength: 2048 });

export const InvitationsRpc = {
  ListInvitations: defineRpc<Page<InvitationResource>>()(
    'identity',
    'invitations.list',
    Type.Object(
      {
        limit: Limit,
        cursor: Type.Optional(Type.String()),
        status: Type.Optional(Type.Union(INVITATION_STATUSES.map((s) => Type.Literal(s)))),
        workspace_id: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  ),
  RevokeInvitation: defineRpc<null>()(
    'identity',
    'invitations.revoke',
    Type.Object({ id: Type.String(), expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
  /** Public: the token is the credential; the organization is the invitation's. */
  AcceptInvitation: defineRpc<InvitationResource>()('identity', 'invitations.accept', Type.Object({ token: Token }, { additionalProperties: false })),
  /** Public: the token is the credential; the organization is the invitation's. */
  DeclineInvitation: defineRpc<InvitationResource>()('identity', 'invitations.decline', Type.Object({ token: Token }, { additionalProperties: false })),
  /** `POST /v1/users/{id}/resend-invitation`: a new token and email for the user's pending invitation. */
  ResendInvitation: defineRpc<InvitationResource>()(
    'identity',
    'invitations.resend',
    Type.Object({ user_id: Type.String() }, { additionalProperties: false }),
  ),
} as const;
