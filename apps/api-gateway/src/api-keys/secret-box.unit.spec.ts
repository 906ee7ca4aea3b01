import { randomBytes } from 'node:crypto';
import { generateApiKeySecret } from '@steward/contracts';
import { ConfigError } from '@steward/service-kit';
import { DEV_KEY_ENCRYPTION_KEY, SecretBox, loadKeyEncryptionKey } from './secret-box';

// Generated per run: no key-shaped literal in the repository for scanners to flag.
const SECRET = generateApiKeySecret();

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, for the same associated data', () => {
    const blob = box.seal(SECRET, 'org_1');
    expect(blob).not.toContain(SECRET.slice(8));
    expect(box.open(blob, 'org_1')).toBe(SECRET);
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal(SECRET, 'org_1')).not.toBe(box.seal(SECRET, 'org_1'));
  });

  it('refuses another organization, another key, a tampered or a truncated blob', () => {
    const blob = box.seal(SECRET, 'org_1');
    expect(box.open(blob, 'org_2')).toBeUndefined();
    expect(new SecretBox(randomBytes(32)).open(blob, 'org_1')).toBeUndefined();
    const bytes = Buffer.from(blob, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(box.open(bytes.toString('base64'), 'org_1')).toBeUndefined();
    expect(box.open(blob.slice(0, 20), 'org_1')).toBeUndefined();
    expect(box.open('', 'org_1')).toBeUndefined();
  });
});

describe('KEY_ENCRYPTION_KEY', () => {
  it('accepts 32 bytes in base64, the development default included', () => {
    const key = randomBytes(32);
    expect(loadKeyEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(loadKeyEncryptionKey(DEV_KEY_ENCRYPTION_KEY)).toHaveLength(32);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(33).toString('base64')],
    ['not base64', '!'.repeat(44)],
    ['hex', randomBytes(32).toString('hex')],
  ])('refuses a key that is %s', (_label, raw) => {
    expect(() => loadKeyEncryptionKey(raw)).toThrow(ConfigError);
  });
});
