import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Invitation tokens are `<invitation id>.<HMAC-SHA256(secret, invitation id + nonce)>`.
 * Identity stores only SHA-256(token); notification derives the token to put in the email.
 * Both read the shared secret from INVITATION_TOKEN_SECRET. A new nonce (resend) voids the
 * previous token.
 */
export function invitationToken(secret: string, invitationId: string, nonce: string): string {
  const mac = createHmac('sha256', secret).update(`${invitationId}.${nonce}`).digest('base64url');
  return `${invitationId}.${mac}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Constant-time comparison of two digests (or any secrets of a fixed length). Compared as text:
 * decoding as hex would drop what is not hex, making 'zz' equal 'yy' and 'abc' equal 'abd'.
 */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
