import { RedisUnavailableError, type LimitsRedis } from './limits-redis';

/**
 * Where idempotency records live: `(API key, Idempotency-Key)` → a JSON record, either the
 * claim of the request that runs (with a lock-length expiry) or its stored response (kept 24 h).
 * Records are opaque strings here; `Idempotency` gives them meaning.
 */
export interface IdempotencyStore {
  /** Stores `claim` under `key` for `ttlMs` unless a record is there: then returns that record (and stores nothing). */
  claim(key: string, claim: string, ttlMs: number): Promise<string | null>;
  /**
   * Replaces the record with `record` (kept `ttlMs`), or deletes it when `record` is empty — only
   * while the record is still `claim` (a claim that expired and was taken by another request is
   * not overwritten).
   */
  settle(key: string, claim: string, record: string, ttlMs: number): Promise<void>;
}

/** The shared store: atomic scripts, so two replicas never both claim a key. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: LimitsRedis) {}

  async claim(key: string, claim: string, ttlMs: number): Promise<string | null> {
    return this.client().stewardIdempotencyClaim(key, claim, ttlMs);
  }

  async settle(key: string, claim: string, record: string, ttlMs: number): Promise<void> {
    await this.client().stewardIdempotencySettle(key, claim, record, ttlMs);
  }

  private client() {
    const client = this.redis.client;
    if (!client || !this.redis.available()) throw new RedisUnavailableError();
    return client;
  }
}

/**
 * This process's store, when no Redis is configured (a single gateway). At most `maxEntries`
 * records; past that the oldest go first (their keys can then run again). Pure apart from the
 * clock, which comes in.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, { value: string; expiresAt: number }>();
  private nextSweepAt = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.records.size;
  }

  async claim(key: string, claim: string, ttlMs: number): Promise<string | null> {
    const held = this.live(key);
    if (held !== undefined) return held;
    this.put(key, claim, ttlMs);
    return null;
  }

  async settle(key: string, claim: string, record: string, ttlMs: number): Promise<void> {
    if (this.live(key) !== claim) return;
    if (record) this.put(key, record, ttlMs);
    else this.records.delete(key);
  }

  private live(key: string): string | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    if (this.now() < record.expiresAt) return record.value;
    this.records.delete(key);
    return undefined;
  }

  private put(key: string, value: string, ttlMs: number): void {
    const now = this.now();
    if (now >= this.nextSweepAt) {
      for (const [k, r] of this.records) if (now >= r.expiresAt) this.records.delete(k);
      this.nextSweepAt = now + 60_000;
    }
    this.records.delete(key); // re-inserted last: Map order is age order
    while (this.records.size >= this.maxEntries) this.records.delete(this.records.keys().next().value as string);
    this.records.set(key, { value, expiresAt: now + ttlMs });
  }
}
