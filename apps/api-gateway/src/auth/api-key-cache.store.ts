import type { ApiKeyPrincipal } from '@steward/contracts';

/** Why a key is refused without asking key-vault: its revocation or expiry is known here. */
export type KnownRefusal = 'revoked' | 'expired';

/** What the cache knows about a presented secret (by hash): its key's principal (and a refusal), or nothing. */
export type CacheRead = { principal: ApiKeyPrincipal; refused?: KnownRefusal } | undefined;

/** What an event tells the cache about a key id. */
export type KeyInvalidation = 'revoked' | 'expired' | 'rotated';

export interface ApiKeyCacheSettings {
  /** Bound of cached secrets; the oldest entry is dropped first. */
  maxEntries: number;
  /** Lifetime of a positive entry (revocations arrive as events, so it may be long). */
  ttlMs: number;
  /** How long an invalidated key id is remembered; longer than any lookup can take. */
  tombstoneTtlMs: number;
  /** Bound of remembered key ids; the oldest is forgotten first. */
  maxTombstones: number;
}

interface Entry {
  principal: ApiKeyPrincipal;
  /** The entry is dropped (and key-vault asked again) from this time on (ms). */
  until: number;
  /** The key itself expires at this time (ms): refused locally from then on, event or not. */
  expiresAt: number | null;
}

interface Tombstone {
  reason: KeyInvalidation;
  /** The invalidation sequence number at the event: lookups that started before it are stale. */
  seq: number;
  at: number;
}

/**
 * The gateway's key cache, without any I/O (the clock comes in as `now`, in ms): positive entries
 * by secret hash, indexed by key id so that an event drops every secret of a key at once, and
 * short-lived tombstones of invalidated key ids.
 *
 * The race it closes: a lookup that was in flight when a revocation event arrived may answer
 * "valid" (key-vault read the key before the revocation committed). Every lookup takes a
 * `ticket()` when it starts; its answer is cached only if no invalidation of its key (and no
 * `clear()`) happened since, and it is refused outright when its key is tombstoned as revoked
 * or expired — both are final.
 */
export class ApiKeyCacheStore {
  private readonly byHash = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();
  /** Key id → tombstone, in the order they were set (oldest first). */
  private readonly tombstones = new Map<string, Tombstone>();
  private seq = 0;
  private clearedAt = 0;

  constructor(private readonly settings: ApiKeyCacheSettings) {}

  get size(): number {
    return this.byHash.size;
  }

  read(hash: string, now: number): CacheRead {
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) return { principal: entry.principal, refused: 'expired' };
    if (entry.until <= now) {
      this.remove(hash);
      return undefined;
    }
    return { principal: entry.principal };
  }

  /** Taken when a lookup starts; hand it back to `admit` with the answer. */
  ticket(): number {
    return this.seq;
  }

  /**
   * Whether an answer of key-vault saying "valid" must be refused anyway: the key's revocation
   * or expiry event arrived (possibly while the answer was in flight), or its `expiresAt` (ms)
   * has passed by this clock.
   */
  refusal(keyId: string, expiresAt: number | null, now: number): KnownRefusal | undefined {
    const tombstone = this.liveTombstone(keyId, now);
    if (tombstone && tombstone.reason !== 'rotated') return tombstone.reason;
    if (expiresAt !== null && expiresAt <= now) return 'expired';
    return undefined;
  }

  /**
   * Caches a positive answer of a lookup that started with `ticket`, unless the cache was
   * cleared or the key invalidated since (then the answer may already be outdated: the next
   * request asks again). `validUntil` (ms) caps the entry's life (a rotated-out secret's grace
   * end, the key's expiry). Returns whether it was cached.
   */
  admit(hash: string, principal: ApiKeyPrincipal, expiresAt: number | null, validUntil: number | null, ticket: number, now: number): boolean {
    if (ticket < this.clearedAt) return false;
    const tombstone = this.liveTombstone(principal.key_id, now);
    if (tombstone && tombstone.seq > ticket) return false;
    if (this.refusal(principal.key_id, expiresAt, now)) return false;
    const until = Math.min(now + this.settings.ttlMs, validUntil ?? Number.POSITIVE_INFINITY);
    if (until <= now) return false;
    this.remove(hash);
    while (this.byHash.size >= this.settings.maxEntries) {
      const oldest = this.byHash.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.byHash.set(hash, { principal, until, expiresAt });
    let hashes = this.byKey.get(principal.key_id);
    if (!hashes) this.byKey.set(principal.key_id, (hashes = new Set()));
    hashes.add(hash);
    return true;
  }

  /**
   * A key was revoked, expired or rotated: every cached secret of it is dropped at once and the
   * key id is tombstoned. A revocation is never downgraded by a later rotation.
   */
  invalidate(keyId: string, reason: KeyInvalidation, now: number): void {
    const seq = ++this.seq;
    for (const hash of this.byKey.get(keyId) ?? []) this.byHash.delete(hash);
    this.byKey.delete(keyId);
    const previous = this.liveTombstone(keyId, now);
    const kept = previous && previous.reason !== 'rotated' && reason === 'rotated' ? previous.reason : reason;
    this.tombstones.delete(keyId);
    this.tombstones.set(keyId, { reason: kept, seq, at: now });
    this.pruneTombstones(now);
  }

  /** Forgets every entry (not the tombstones: they stay true); lookups in flight are not cached. */
  clear(): void {
    this.clearedAt = ++this.seq;
    this.byHash.clear();
    this.byKey.clear();
  }

  private remove(hash: string): void {
    const entry = this.byHash.get(hash);
    if (!entry) return;
    this.byHash.delete(hash);
    const hashes = this.byKey.get(entry.principal.key_id);
    hashes?.delete(hash);
    if (hashes && hashes.size === 0) this.byKey.delete(entry.principal.key_id);
  }

  private liveTombstone(keyId: string, now: number): Tombstone | undefined {
    const tombstone = this.tombstones.get(keyId);
    return tombstone && tombstone.at + this.settings.tombstoneTtlMs > now ? tombstone : undefined;
  }

  private pruneTombstones(now: number): void {
    for (const [keyId, tombstone] of this.tombstones) {
      const alive = tombstone.at + this.settings.tombstoneTtlMs > now;
      if (alive && this.tombstones.size <= this.settings.maxTombstones) break;
      // Forgetting a live tombstone early: lookups that started before it are not cached.
      if (alive) this.clearedAt = Math.max(this.clearedAt, tombstone.seq);
      this.tombstones.delete(keyId);
    }
  }
}
