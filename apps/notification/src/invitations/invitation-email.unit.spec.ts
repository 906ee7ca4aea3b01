import { invitationToken, type CloudEvent } from '@steward/contracts';
import {
  buildInvitationEmail,
  formatExpiry,
  invitationEmailPayload,
  invitationEmailSummary,
  type InvitationEmailEvent,
  type InvitationEmailPayload,
} from './invitation-email';

const config = { invitationTokenSecret: 'unit-test-secret-0123456789', invitationAcceptUrl: 'http://127.0.0.1:3000/invitations/accept' };
const payload: InvitationEmailPayload = {
  invitation_id: 'inv_01kb0000000000000000000000',
  user_id: 'usr_01kb0000000000000000000000',
  email: 'ada@example.test',
  name: 'Ada Lovelace',
  role: 'editor',
  org_id: 'org_01kb0000000000000000000000',
  token_nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
  expires_at: '2026-12-03T14:00:00.000Z',
};

describe('buildInvitationEmail', () => {
  const { email, token } = buildInvitationEmail(payload, config);
  const link = `${config.invitationAcceptUrl}?token=${invitationToken(config.invitationTokenSecret, payload.invitation_id, payload.token_nonce)}`;

  it('goes to the invitee', () => {
    expect(email.to).toBe('ada@example.test');
  });

  it('carries the accept link with the token derived from the secret, invitation id and nonce', () => {
    expect(token).toBe(invitationToken(config.invitationTokenSecret, payload.invitation_id, payload.token_nonce));
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
  });

  it('states the role and the expiry date', () => {
    for (const part of [email.text, email.html]) {
      expect(part).toContain('editor');
      expect(part).toContain('2026-12-03 14:00 UTC');
    }
  });
});

describe('invitationEmailPayload', () => {
  const envelope = {
    specversion: '1.0',
    source: 'steward/identity',
    subject: payload.invitation_id,
    time: '2026-11-26T14:00:00.000Z',
    datacontenttype: 'application/json',
    orgid: payload.org_id,
    actor: { type: 'api_key', id: 'key_1' },
    streamversion: 2,
    dataversion: 1,
  } as const satisfies Partial<CloudEvent>;

  it('takes the new nonce and expiry of a resend, so the email carries a new token', () => {
    const resent: InvitationEmailEvent = {
      ...envelope,
      id: 'evt_2',
      type: 'invitation.resent',
      data: {
        invitation_id: payload.invitation_id,
        user_id: payload.user_id,
        workspace_id: null,
        email: payload.email,
        name: payload.name,
        role: payload.role,
        expires_at: '2026-12-10T14:00:00.000Z',
        token_nonce: 'c2Vjb25kLW5vbmNlLXNlY29uZA',
      },
    };
    const next = invitationEmailPayload(resent);
    expect(next).toEqual({ ...payload, token_nonce: 'c2Vjb25kLW5vbmNlLXNlY29uZA', expires_at: '2026-12-10T14:00:00.000Z', kind: 'resent', workspace_id: null });
    expect(buildInvitationEmail(next, config).token).not.toBe(buildInvitationEmail(payload, config).token);
  });

  it('marks a new invitation as created and keeps its workspace', () => {
    const created: InvitationEmailEvent = {
      ...envelope,
      id: 'evt_1',
      type: 'invitation.created',
      data: {
        invitation_id: payload.invitation_id,
        user_id: payload.user_id,
        workspace_id: 'ws_01kb0000000000000000000000',
        email: payload.email,
        name: payload.name,
        role: payload.role,
        expires_at: payload.expires_at,
        token_nonce: payload.token_nonce,
      },
    };
    expect(invitationEmailPayload(created)).toEqual({ ...payload, kind: 'created', workspace_id: 'ws_01kb0000000000000000000000' });
  });
});

describe('the three invitation emails', () => {
  it('a new invitation to the organization: the plain invitation', () => {
    const { email } = buildInvitationEmail({ ...payload, kind: 'created', workspace_id: null }, config);
    expect(email.subject).toBe("You're invited to Steward as editor");
  });

  it('a workspace invitation names the workspace, or its id when the replica does not know it yet', () => {
    const withWorkspace = { ...payload, kind: 'created' as const, workspace_id: 'ws_01kb0000000000000000000000' };
    const named = buildInvitationEmail(withWorkspace, config, 'Research & Development').email;
    expect(named.subject).toBe("You're invited to the workspace Research & Development on Steward");
    expect(named.text).toContain('"Research & Development"');
    expect(named.html).toContain('Research &amp; Development');
    expect(buildInvitationEmail(withWorkspace, config).email.text).toContain('"ws_01kb0000000000000000000000"');
  });

  it('a resend says that earlier links no longer work', () => {
    const { email, token } = buildInvitationEmail({ ...payload, kind: 'resent', workspace_id: null }, config);
    expect(email.subject).toBe('Your invitation to Steward, sent again');
    expect(email.text).toContain('Links in earlier emails no longer work');
    expect(email.text).toContain(token);
  });

  it('a job queued before kinds existed still renders the plain invitation', () => {
    expect(buildInvitationEmail(payload, config).email.subject).toBe("You're invited to Steward as editor");
  });
});

describe('invitationEmailSummary', () => {
  it('shows whom and what, never the nonce or anything derived from it', () => {
    const summary = invitationEmailSummary({ ...payload, kind: 'created', workspace_id: null });
    expect(summary).toEqual({
      to: payload.email,
      invitation_id: payload.invitation_id,
      user_id: payload.user_id,
      role: payload.role,
      workspace_id: null,
      kind: 'created',
      expires_at: payload.expires_at,
    });
    const token = invitationToken(config.invitationTokenSecret, payload.invitation_id, payload.token_nonce);
    const text = JSON.stringify(summary);
    for (const secret of [payload.token_nonce, token, token.split('.')[1]]) expect(text).not.toContain(secret);
  });
});

describe('formatExpiry', () => {
  it('prints UTC to the minute', () => {
    expect(formatExpiry('2026-01-05T09:07:59.999Z')).toBe('2026-01-05 09:07 UTC');
  });
});
