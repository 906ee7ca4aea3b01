import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConfigError, env } from '@steward/service-kit';

/**
 * Development default of `KEY_ENCRYPTION_KEY` (base64 of the 32 bytes
 * `dev-only-key-encryption-key-32b!`). Set a real one in production: `openssl rand -base64 32`.
 */
export const DEV_KEY_ENCRYPTION_KEY = Buffer.from('dev-only-key-encryption-key-32b!', 'utf8').toString('base64');

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Reads `KEY_ENCRYPTION_KEY`: exactly 32 bytes, base64. A bad value stops the gateway with a
 * message naming the variable (never echoing it).
 */
export function loadKeyEncryptionKey(raw = env('KEY_ENCRYPTION_KEY', DEV_KEY_ENCRYPTION_KEY)): Buffer {
  const value = raw.trim();
  const key = Buffer.from(value, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || key.length !== 32 || key.toString('base64') !== value) {
    throw new ConfigError('KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }
  return key;
}

/**
 * Encrypts the secret of a `deliver: "retrieval"` key for its stay in key-vault (AES-256-GCM,
 * a random 96-bit IV per secret; the blob is base64 of iv ‖ tag ‖ ciphertext). The organization
 * id is authenticated as associated data, so a blob opens only for the organization it was made
 * for. Key-vault stores the blob without ever holding the key; every gateway replica shares it.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  /** The plaintext, or undefined when the blob is malformed or does not authenticate. */
  open(blob: string, associatedData: string): string | undefined {
    const bytes = Buffer.from(blob, 'base64');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** The gateway's one SecretBox, keyed by `KEY_ENCRYPTION_KEY` (validated when the app starts). */
export const secretBoxProvider = {
  provide: SecretBox,
  useFactory: (): SecretBox => {
    if (!process.env.KEY_ENCRYPTION_KEY) {
      new Logger('SecretBox').warn('KEY_ENCRYPTION_KEY is not set: using the development default (set one in production)');
    }
    return new SecretBox(loadKeyEncryptionKey());
  },
};
