import { Type } from '@sinclair/typebox';
import { changesOf, createdChanges, defineEvent, deletedChanges, type EventOf } from '../core/events';
import { ChangesSchema, Nullable } from '../core/schema-fragments';

export const SYSTEM_ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];
export const USER_STATUSES = ['invited', 'active', 'inactive'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];


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
  fieldVisibility: { token_nonce: 'internal' },
});

export const UserUpdated = defineEvent({
  type: 'user.updated',
  context: 'identity',
  dataversion: 1,
  description: 'A user was changed (name, role or status active/inactive); `changes` holds before/after of each changed field.',
  schema: Type.Object({ user_id: Type.String(), changes: ChangesSchema }, { additionalProperties: false }),
  audit: { action: 'user.update', target: (d) => ({ type: 'user', id: d.user_id }), changes: changesOf },
});

export const UserActivated = defineEvent({
  type: 'user.activated',
  context: 'identity',
  dataversion: 1,
  description: 'An invited user accepted their invitation and is now active.',
  schema: Type.Object({ user_id: Type.String(), invitation_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'user.activate',
    target: (d) => ({ type: 'user', id: d.user_id }),
    changes: () => ({ status: { from: 'invited', to: 'active' } }),
  },
});

export const UserDeleted = defineEvent({
  type: 'user.deleted',
  context: 'identity',
  dataversion: 1,
  description: 'A user was removed from the organization (their memberships end with it).',
  schema: Type.Object(
    { user_id: Type.String(), name: Type.String(), email: Type.String(), role: Type.String(), workspace_ids: Type.Array(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'user.delete',
    target: (d) => ({ type: 'user', id: d.user_id }),
    changes: (d) => deletedChanges(d, ['name', 'email', 'role']),
  },
});

export const UserSignedIn = defineEvent({
  type: 'user.signed_in',
  context: 'identity',
  dataversion: 1,
  description: 'The host application reported a sign-in attempt of the user.',
  schema: Type.Object(
    {
      user_id: Type.String(),
      sign_in_id: Type.String(),
      ip: Nullable(Type.String()),
      user_agent: Nullable(Type.String()),
      method: Type.String(),
      success: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'user.login',
    target: (d) => ({ type: 'user', id: d.user_id }),
    changes: (d) => ({ success: { from: null, to: d.success }, method: { from: null, to: d.method } }),
  },
});

const InvitationRef = { invitation_id: Type.String(), user_id: Type.String(), workspace_id: Nullable(Type.String()) };

/** A new token was issued for a pending invitation (new nonce, new expiry); the old token is void. */
export const InvitationResent = defineEvent({
  type: 'invitation.resent',
  context: 'identity',
  dataversion: 1,
  description: 'The invitation email is due again with a new token; the previous token no longer works.',
  schema: Type.Object(
    { ...InvitationRef, email: Type.String(), name: Type.String(), role: Type.String(), expires_at: Type.String(), token_nonce: Type.String() },
    { additionalProperties: false },
  ),
  audit: {
    action: 'invitation.resend',
    target: (d) => ({ type: 'invitation', id: d.invitation_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => ({ expires_at: { from: null, to: d.expires_at } }),
  },
  fieldVisibility: { token_nonce: 'internal' },
});

export const InvitationAccepted = defineEvent({
  type: 'invitation.accepted',
  context: 'identity',
  dataversion: 1,
  description: 'The invitee accepted; the user becomes active (and a member of the workspace, if any).',
  schema: Type.Object({ ...InvitationRef, role: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'invitation.accept',
    target: (d) => ({ type: 'invitation', id: d.invitation_id }),
    workspaceId: (d) => d.workspace_id,
    changes: () => ({ status: { from: 'pending', to: 'accepted' } }),
  },
});

export const InvitationDeclined = defineEvent({
  type: 'invitation.declined',
  context: 'identity',
  dataversion: 1,
  description: 'The invitee declined the invitation.',
  schema: Type.Object(InvitationRef, { additionalProperties: false }),
  audit: {
    action: 'invitation.decline',
    target: (d) => ({ type: 'invitation', id: d.invitation_id }),
    workspaceId: (d) => d.workspace_id,
    changes: () => ({ status: { from: 'pending', to: 'declined' } }),
  },
});

export const InvitationRevoked = defineEvent({
  type: 'invitation.revoked',
  context: 'identity',
  dataversion: 1,
  description: 'The invitation was revoked (by an admin, or because its user was deleted); its token no longer works.',
  schema: Type.Object(InvitationRef, { additionalProperties: false }),
  audit: {
    action: 'invitation.revoke',
    target: (d) => ({ type: 'invitation', id: d.invitation_id }),
    workspaceId: (d) => d.workspace_id,
    changes: () => ({ status: { from: 'pending', to: 'revoked' } }),
  },
});

export const RoleCreated = defineEvent({
  type: 'role.created',
  context: 'identity',
  dataversion: 1,
  description: 'A custom role was created.',
  schema: Type.Object(
    { role_id: Type.String(), name: Type.String(), description: Type.String(), permissions: Type.Array(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'role.create',
    target: (d) => ({ type: 'role', id: d.role_id }),
    changes: (d) => createdChanges(d, ['name', 'description', 'permissions']),
  },
});

export const RoleUpdated = defineEvent({
  type: 'role.updated',
  context: 'identity',
  dataversion: 1,
  description: 'A custom role was changed (name, description or permissions).',
  schema: Type.Object({ role_id: Type.String(), changes: ChangesSchema }, { additionalProperties: false }),
  audit: { action: 'role.update', target: (d) => ({ type: 'role', id: d.role_id }), changes: changesOf },
});

export const RoleDeleted = defineEvent({
  type: 'role.deleted',
  context: 'identity',
  dataversion: 1,
  description: 'A custom role that nobody held was deleted.',
  schema: Type.Object({ role_id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  audit: { action: 'role.delete', target: (d) => ({ type: 'role', id: d.role_id }), changes: (d) => deletedChanges(d, ['name']) },
});

export const ManagerCreated = defineEvent({
  type: 'manager.created',
  context: 'identity',
  dataversion: 1,
  description: 'A user was granted a role on a set of workspaces (empty = every workspace, present and future).',
  schema: Type.Object(
    { manager_id: Type.String(), user_id: Type.String(), role_id: Type.String(), workspace_ids: Type.Array(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'manager.create',
    target: (d) => ({ type: 'manager', id: d.manager_id }),
    changes: (d) => createdChanges(d, ['user_id', 'role_id', 'workspace_ids']),
  },
});

export const ManagerUpdated = defineEvent({
  type: 'manager.updated',
  context: 'identity',
  dataversion: 1,
  description: "A manager's role or workspace set changed.",
  schema: Type.Object({ manager_id: Type.String(), changes: ChangesSchema }, { additionalProperties: false }),
  audit: { action: 'manager.update', target: (d) => ({ type: 'manager', id: d.manager_id }), changes: changesOf },
});

export const ManagerDeleted = defineEvent({
  type: 'manager.deleted',
  context: 'identity',
  dataversion: 1,
  description: 'A manager grant was removed (directly, or because its user was deleted).',
  schema: Type.Object({ manager_id: Type.String(), user_id: Type.String(), role_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'manager.delete',
    target: (d) => ({ type: 'manager', id: d.manager_id }),
    changes: (d) => deletedChanges(d, ['user_id', 'role_id']),
  },
});

export const IDENTITY_EVENTS = [
  UserCreated,
  UserUpdated,
  UserActivated,
  UserDeleted,
  UserSignedIn,
  InvitationCreated,
  InvitationResent,
  InvitationAccepted,
  InvitationDeclined,
  InvitationRevoked,
  RoleCreated,
  RoleUpdated,
  RoleDeleted,
  ManagerCreated,
  ManagerUpdated,
  ManagerDeleted,
] as const;
export type UserEvent =
  | EventOf<typeof UserCreated>
  | EventOf<typeof UserUpdated>
  | EventOf<typeof UserActivated>
  | EventOf<typeof UserDeleted>
  | EventOf<typeof UserSignedIn>;
export type InvitationEvent =
  | EventOf<typeof InvitationCreated>
  | EventOf<typeof InvitationResent>
  | EventOf<typeof InvitationAccepted>
  | EventOf<typeof InvitationDeclined>
  | EventOf<typeof InvitationRevoked>;
export type RoleEvent = EventOf<typeof RoleCreated> | EventOf<typeof RoleUpdated> | EventOf<typeof RoleDeleted>;
export type ManagerEvent = EventOf<typeof ManagerCreated> | EventOf<typeof ManagerUpdated> | EventOf<typeof ManagerDeleted>;
