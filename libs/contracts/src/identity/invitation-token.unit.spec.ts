import { hashToken, invitationToken, sameDigest } from './invitation-token';

describe('sameDigest (constant-time comparison of digests and MACs)', () => {
  it('is true only for the same text', () => {
    const digest = hashToken('inv_1.mac');
    expect(sameDigest(digest, hashToken('inv_1.mac'))).toBe(true);
    expect(sameDigest(digest, hashToken('inv_1.mad'))).toBe(false);
    expect(sameDigest(digest, digest.slice(0, -1))).toBe(false);
    expect(sameDigest('', digest)).toBe(false);
  });

  it('does not decode as hex: what is not hex still counts', () => {
    // Decoded as hex, both sides of each pair were equal (non-hex dropped, odd digit ignored).
    expect(sameDigest('zz', 'yy')).toBe(false);
    expect(sameDigest('abc', 'abd')).toBe(false);
    expect(sameDigest('current', 'previous')).toBe(false);
  });

  it('tells a token of the current nonce from one of another nonce', () => {
    const token = invitationToken('secret', 'inv_1', 'nonce-2');
    expect(sameDigest(hashToken(token), hashToken(invitationToken('secret', 'inv_1', 'nonce-2')))).toBe(true);
    expect(sameDigest(hashToken(token), hashToken(invitationToken('secret', 'inv_1', 'nonce-1')))).toBe(false);
  });
});
