import { createHash, randomBytes } from 'node:crypto';

/**
 * API key secrets: `sk_live_` + 40 base62 characters of randomness + a 6-character base62
 * CRC-32 checksum. The checksum lets a scanner recognize a leaked key and lets us reject a
 * mistyped key without a lookup. Stored as SHA-256 only; `prefix` (the first 12 characters)
 * is kept for display.
 */
export const API_KEY_PREFIX = 'sk_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const DISPLAY_PREFIX_LENGTH = 12;

function toBase62(value: number, width: number): string {
  let out = '';
  let n = value >>> 0;
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

let crcTable: Uint32Array | undefined;
/** CRC-32 of base62 text. */
function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  // Only ever given base62 text (ASCII), so char codes are its bytes: no Buffer on the hot path.
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps the alphabet uniform (248 = 4 * 62).
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateApiKeySecret(): string {
  const body = randomBase62(RANDOM_LENGTH);
  return `${API_KEY_PREFIX}${body}${toBase62(crc32(body), CHECKSUM_LENGTH)}`;
}

/**
 * Why a presented value cannot be a Steward key, without a lookup: `malformed` (not the shape
 * `sk_live_` + 46 base62 characters), `checksum` (the shape, but the checksum does not match: a
 * typo or a made-up key); undefined for a well-formed key.
 */
export function apiKeyFormatProblem(secret: string): 'malformed' | 'checksum' | undefined {
  if (secret.length !== API_KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH) return 'malformed';
  if (!secret.startsWith(API_KEY_PREFIX)) return 'malformed';
  const rest = secret.slice(API_KEY_PREFIX.length);
  if (!/^[0-9A-Za-z]+$/.test(rest)) return 'malformed';
  const body = rest.slice(0, RANDOM_LENGTH);
  return rest.slice(RANDOM_LENGTH) === toBase62(crc32(body), CHECKSUM_LENGTH) ? undefined : 'checksum';
}

/** Shape and checksum check, no lookup: false for anything that cannot be a Steward key. */
export function isWellFormedApiKey(secret: string): boolean {
  return apiKeyFormatProblem(secret) === undefined;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}
