import { apiKeyFormatProblem, displayPrefix, generateApiKeySecret, hashApiKey, isWellFormedApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates sk_live_ keys with 40 random base62 characters and a checksum', () => {
    const key = generateApiKeySecret();
    expect(key).toMatch(/^sk_live_[0-9A-Za-z]{46}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('generates a different key each time', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKeySecret));
    expect(keys.size).toBe(200);
  });

  it('rejects a key with one mistyped character (checksum)', () => {
    const key = generateApiKeySecret();
    const i = 'sk_live_'.length + 5;
    const typo = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(isWellFormedApiKey(typo)).toBe(false);
  });

  it.each(['', 'sk_live_', 'sk_test_' + 'a'.repeat(46), 'sk_live_' + 'a'.repeat(45), 'Bearer x'])('rejects malformed %p', (value) => {
    expect(isWellFormedApiKey(value)).toBe(false);
  });

  it('tells a malformed value from a well-formed key whose checksum fails', () => {
    const key = generateApiKeySecret();
    expect(apiKeyFormatProblem(key)).toBeUndefined();
    const last = key[key.length - 1];
    expect(apiKeyFormatProblem(key.slice(0, -1) + (last === 'a' ? 'b' : 'a'))).toBe('checksum');
    for (const value of ['', 'sk_live_', 'sk_test_' + key.slice(8), key + 'a', key.slice(0, -1) + '-', `Bearer ${key}`]) {
      expect(apiKeyFormatProblem(value)).toBe('malformed');
    }
  });

  it('stores a SHA-256 hex digest and displays only a short prefix', () => {
    const key = generateApiKeySecret();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(8));
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });
});
