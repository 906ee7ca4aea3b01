import { Type, type Static } from '@sinclair/typebox';
import { InvitationResent, invitationToken, Nullable, type CloudEvent, type InvitationCreated } from '@steward/contracts';
import type { NotificationConfig } from '../config/notification.config';
import type { OutgoingEmail } from '../email/mailer';
import { renderEmail } from '../templates/render';

/**
 * Payload of an `email.invitation` job: what the email needs, copied from `invitation.created`
 * or `invitation.resent` (whose nonce makes a new token).
 * `token_nonce` is not a secret by itself (the token also needs INVITATION_TOKEN_SECRET), but it
 * is half of one: it stays out of the Jobs API (`invitationEmailSummary`). The token is derived
 * only when the email is rendered and is never stored or logged.
 * `kind` and `workspace_id` choose the email (invitation, workspace invitation, resend); jobs
 * queued before they existed have neither and get the plain invitation.
 */
export const InvitationEmailPayloadSchema = Type.Object(
  {
    invitation_id: Type.String({ minLength: 1 }),
    user_id: Type.String(),
    email: Type.String({ minLength: 3 }),
    name: Type.String(),
    role: Type.String(),
    org_id: Type.String(),
    token_nonce: Type.String({ minLength: 1 }),
    expires_at: Type.String({ format: 'date-time' }),
    kind: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('resent')])),
    workspace_id: Type.Optional(Nullable(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);
export type InvitationEmailPayload = Static<typeof InvitationEmailPayloadSchema>;

/** An event that makes an invitation email: both carry the invitee, the nonce and the expiry. */
export type InvitationEmailEvent = CloudEvent<(typeof InvitationCreated)['schema']['static'] | (typeof InvitationResent)['schema']['static']>;

export function invitationEmailPayload(event: InvitationEmailEvent): InvitationEmailPayload {
  const d = event.data;
  return {
    invitation_id: d.invitation_id,
    user_id: d.user_id,
    email: d.email,
    name: d.name,
    role: d.role,
    org_id: event.orgid,
    token_nonce: d.token_nonce,
    expires_at: d.expires_at,
    kind: event.type === InvitationResent.type ? 'resent' : 'created',
    workspace_id: d.workspace_id,
  };
}

/** What the Jobs API shows of an `email.invitation` job: never the nonce (half of the token). */
export function invitationEmailSummary(payload: Partial<InvitationEmailPayload>): Record<string, unknown> {
  return {
    to: payload.email,
    invitation_id: payload.invitation_id,
    user_id: payload.user_id,
    role: payload.role,
    workspace_id: payload.workspace_id ?? null,
    kind: payload.kind ?? 'created',
    expires_at: payload.expires_at,
  };
}

/** Which template an invitation job renders. */
export function invitationTemplate(payload: Pick<InvitationEmailPayload, 'kind' | 'workspace_id'>): 'invitation' | 'invitation-resent' | 'workspace-invitation' {
  if (payload.kind === 'resent') return 'invitation-resent';
  return payload.workspace_id ? 'workspace-invitation' : 'invitation';
}

/** `2026-12-03 14:00 UTC`: unambiguous whatever the reader's locale. */
export function formatExpiry(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function acceptLink(acceptUrl: string, token: string): string {
  const url = new URL(acceptUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

export interface InvitationEmail {
  email: OutgoingEmail;
  /** The token in the email: to be kept out of errors and logs. */
  token: string;
}

/**
 * The email of an invitation job. `workspaceName` names the workspace of a workspace invitation
 * (from notification's replica; the workspace id when the replica does not know it).
 */
export function buildInvitationEmail(
  payload: InvitationEmailPayload,
  config: Pick<NotificationConfig, 'invitationTokenSecret' | 'invitationAcceptUrl'>,
  workspaceName: string | null = null,
): InvitationEmail {
  const token = invitationToken(config.invitationTokenSecret, payload.invitation_id, payload.token_nonce);
  const rendered = renderEmail(invitationTemplate(payload), {
    name: payload.name,
    email: payload.email,
    role: payload.role,
    accept_url: acceptLink(config.invitationAcceptUrl, token),
    expires_at: formatExpiry(payload.expires_at),
    workspace_name: workspaceName ?? payload.workspace_id ?? '',
  });
  return { email: { to: payload.email, ...rendered }, token };
}
