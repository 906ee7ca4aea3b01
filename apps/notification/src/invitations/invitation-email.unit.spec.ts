import { invitationToken } from '@steward/contracts';
import { buildInvitationEmail, formatExpiry, type InvitationEmailPayload } from './invitation-email';

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

describe('formatExpiry', () => {
  it('prints UTC to the minute', () => {
    expect(formatExpiry('2026-01-05T09:07:59.999Z')).toBe('2026-01-05 09:07 UTC');
  });
});
