import type { ApiKeyPrincipal } from '@steward/contracts';
import { ApiKeyCacheStore, type ApiKeyCacheSettings } from './api-key-cache.store';

const settings: ApiKeyCacheSettings = { maxEntries: 3, ttlMs: 300_000, tombstoneTtlMs: 60_000, maxTombstones: 100 };

function principal(keyId: string): ApiKeyPrincipal {
  return { key_id: keyId, organization_id: 'org_1', scopes: ['users:read'], workspace_id: null, rate_limit_per_minute: null } as ApiKeyPrincipal;
}

/** Caches `hash` for `keyId` as a lookup that started and ended at `now` would. */
function cache(store: ApiKeyCacheStore, hash: string, keyId: string, now: number, options: { expiresAt?: number; validUntil?: number } = {}) {
  return store.admit(hash, principal(keyId), options.expiresAt ?? null, options.validUntil ?? null, store.ticket(), now);
}

describe('ApiKeyCacheStore', () => {
  it('answers a cached secret by its hash until the entry ends, then asks again', () => {
    const store = new ApiKeyCacheStore(settings);
    expect(store.read('h1', 0)).toBeUndefined();
    expect(cache(store, 'h1', 'key_a', 0)).toBe(true);
    expect(store.read('h1', 299_999)).toEqual({ principal: principal('key_a') });
    expect(store.read('h1', 300_000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('drops every secret of a key at once when its revocation, expiry or rotation arrives', () => {
    for (const reason of ['revoked', 'expired', 'rotated'] as const) {
      const store = new ApiKeyCacheStore(settings);
      cache(store, 'current', 'key_a', 0);
      cache(store, 'previous', 'key_a', 0);
      cache(store, 'other', 'key_b', 0);
      store.invalidate('key_a', reason, 10);
      expect(store.read('current', 11)).toBeUndefined();
      expect(store.read('previous', 11)).toBeUndefined();
      expect(store.read('other', 11)).toEqual({ principal: principal('key_b') });
    }
  });

  it('does not cache an answer that was in flight when the key was revoked, and refuses it', () => {
    const store = new ApiKeyCacheStore(settings);
    const ticket = store.ticket(); // the lookup starts
    store.invalidate('key_a', 'revoked', 5); // the event arrives
    expect(store.refusal('key_a', null, 8)).toBe('revoked'); // the "valid" answer arrives
    expect(store.admit('h1', principal('key_a'), null, null, ticket, 8)).toBe(false);
    expect(store.read('h1', 9)).toBeUndefined();
  });

  it('keeps refusing a revoked or expired key id for the tombstone lifetime, even for lookups started later', () => {
    const store = new ApiKeyCacheStore(settings);
    store.invalidate('key_a', 'expired', 0);
    expect(store.refusal('key_a', null, 59_999)).toBe('expired');
    expect(cache(store, 'h1', 'key_a', 59_999)).toBe(false);
    expect(store.refusal('key_a', null, 60_000)).toBeUndefined();
  });

  it('does not cache a lookup in flight during a rotation, but caches later ones (grace secrets are re-asked)', () => {
    const store = new ApiKeyCacheStore(settings);
    const ticket = store.ticket();
    store.invalidate('key_a', 'rotated', 5);
    expect(store.refusal('key_a', null, 6)).toBeUndefined();
    expect(store.admit('old', principal('key_a'), null, null, ticket, 6)).toBe(false);
    expect(cache(store, 'old', 'key_a', 7, { validUntil: 1_000 })).toBe(true);
    expect(store.read('old', 999)).toEqual({ principal: principal('key_a') });
    expect(store.read('old', 1_000)).toBeUndefined();
  });

  it('never lets a rotation downgrade a revocation', () => {
    const store = new ApiKeyCacheStore(settings);
    store.invalidate('key_a', 'revoked', 0);
    store.invalidate('key_a', 'rotated', 1);
    expect(store.refusal('key_a', null, 2)).toBe('revoked');
  });

  it('refuses a key locally once its expires_at has passed, before any event', () => {
    const store = new ApiKeyCacheStore(settings);
    expect(cache(store, 'h1', 'key_a', 0, { expiresAt: 500 })).toBe(true);
    expect(store.read('h1', 499)).toEqual({ principal: principal('key_a') });
    expect(store.read('h1', 500)).toEqual({ principal: principal('key_a'), refused: 'expired' });
    expect(store.refusal('key_a', 500, 500)).toBe('expired');
    expect(cache(store, 'h2', 'key_b', 600, { expiresAt: 600 })).toBe(false);
  });

  it('does not cache lookups that started before a clear (a lapse of the subscription)', () => {
    const store = new ApiKeyCacheStore(settings);
    cache(store, 'h1', 'key_a', 0);
    const ticket = store.ticket();
    store.clear();
    expect(store.read('h1', 1)).toBeUndefined();
    expect(store.admit('h2', principal('key_b'), null, null, ticket, 2)).toBe(false);
    expect(cache(store, 'h2', 'key_b', 3)).toBe(true);
  });

  it('keeps tombstones through a clear', () => {
    const store = new ApiKeyCacheStore(settings);
    store.invalidate('key_a', 'revoked', 0);
    store.clear();
    expect(store.refusal('key_a', null, 1)).toBe('revoked');
  });

  it('holds at most maxEntries secrets, dropping the oldest first', () => {
    const store = new ApiKeyCacheStore(settings);
    for (const [i, hash] of ['h1', 'h2', 'h3', 'h4'].entries()) cache(store, hash, `key_${i}`, i);
    expect(store.size).toBe(3);
    expect(store.read('h1', 10)).toBeUndefined();
    expect(store.read('h4', 10)).toEqual({ principal: principal('key_3') });
    // The evicted entry is gone from the key index too: invalidating it touches nothing else.
    store.invalidate('key_0', 'revoked', 11);
    expect(store.size).toBe(3);
  });

  it('bounds tombstones; forgetting a live one early keeps in-flight lookups from being cached', () => {
    const store = new ApiKeyCacheStore({ ...settings, maxTombstones: 2 });
    const ticket = store.ticket();
    store.invalidate('key_a', 'revoked', 0);
    store.invalidate('key_b', 'revoked', 1);
    store.invalidate('key_c', 'revoked', 2); // key_a's tombstone is forgotten
    expect(store.refusal('key_a', null, 3)).toBeUndefined();
    expect(store.admit('h1', principal('key_a'), null, null, ticket, 3)).toBe(false);
  });
});
