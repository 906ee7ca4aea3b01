import { invitationToken, type CloudEvent } from '@steward/contracts';
import { buildInvitationEmail, formatExpiry, invitationEmailPayload, type InvitationEmailEvent, type InvitationEmailPayload } from './invitation-email';

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
    expect(next).toEqual({ ...payload, token_nonce: 'c2Vjb25kLW5vbmNlLXNlY29uZA', expires_at: '2026-12-10T14:00:00.000Z' });
    expect(buildInvitationEmail(next, config).token).not.toBe(buildInvitationEmail(payload, config).token);
  });
});

describe('formatExpiry', () => {
  it('prints UTC to the minute', () => {
    expect(formatExpiry('2026-01-05T09:07:59.999Z')).toBe('2026-01-05 09:07 UTC');
  });
});
