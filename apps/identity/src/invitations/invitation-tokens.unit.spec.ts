import { invitationToken } from '@steward/contracts';
import { isCurrentToken, newTokenNonce } from './invitation-tokens';

describe('isCurrentToken', () => {
  const secret = 'unit-test-secret-0123456789';
  const invitation = { id: 'inv_01kb0000000000000000000000', tokenNonce: 'nonce-2' };

  it('accepts the token of the current nonce', () => {
    expect(isCurrentToken(secret, invitation, invitationToken(secret, invitation.id, 'nonce-2'))).toBe(true);
  });

  it('refuses the token of an older nonce (a resend voids it)', () => {
    expect(isCurrentToken(secret, invitation, invitationToken(secret, invitation.id, 'nonce-1'))).toBe(false);
  });

  it('refuses a token made with another secret, or of another invitation', () => {
    expect(isCurrentToken(secret, invitation, invitationToken('another-secret-0123456789', invitation.id, 'nonce-2'))).toBe(false);
    expect(isCurrentToken(secret, invitation, invitationToken(secret, 'inv_01kb0000000000000000000001', 'nonce-2'))).toBe(false);
  });

  it('refuses malformed tokens without throwing', () => {
    for (const token of ['', 'x', 'inv_1.', '.'.repeat(3000), '\u0000\uffff']) {
      expect(isCurrentToken(secret, invitation, token)).toBe(false);
    }
  });
});

describe('newTokenNonce', () => {
  it('is random: 128 bits, base64url', () => {
    const a = newTokenNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newTokenNonce()).not.toBe(a);
  });
});
