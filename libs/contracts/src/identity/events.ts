import { Type } from '@sinclair/typebox';
import { createdChanges, defineEvent, type EventOf } from '../core/events';

export const SYSTEM_ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];
export const USER_STATUSES = ['invited', 'active', 'inactive'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserCreated = defineEvent({
  type: 'user.created',
  context: 'identity',
  dataversion: 1,
  description: 'A user was added to the organization (invited, or active when no invitation was sent).',
  schema: Type.Object(
    {
      user_id: Type.String(),
      name: Type.String(),
      email: Type.String(),
      role: Type.String(),
      status: Type.Union(USER_STATUSES.map((s) => Type.Literal(s))),
      workspace_ids: Type.Array(Type.String()),
      invitation_id: Nullable(Type.String()),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'user.create',
    target: (d) => ({ type: 'user', id: d.user_id }),
    changes: (d) => createdChanges(d, ['name', 'email', 'role', 'status', 'workspace_ids']),
  },
});

/**
 * An invitation was issued. It carries `token_nonce`, never the token: the token is an HMAC
 * of (invitation id, nonce) under INVITATION_TOKEN_SECRET, computed only where it is needed
 * (the email, the accept check), so no token ever travels through Kafka or the event store.
 */
export const InvitationCreated = defineEvent({
  type: 'invitation.created',
  context: 'identity',
  dataversion: 1,
  description: 'An invitation email is due: the invitee gets a link to accept or decline.',
  schema: Type.Object(
    {
      invitation_id: Type.String(),
      user_id: Type.String(),
      email: Type.String(),
      name: Type.String(),
      role: Type.String(),
      workspace_id: Nullable(Type.String()),
      expires_at: Type.String(),
      token_nonce: Type.String(),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'invitation.create',
    target: (d) => ({ type: 'invitation', id: d.invitation_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['email', 'role', 'workspace_id', 'expires_at']),
  },
});

export const IDENTITY_EVENTS = [UserCreated, InvitationCreated] as const;
export type UserEvent = EventOf<typeof UserCreated>;
export type InvitationEvent = EventOf<typeof InvitationCreated>;
