/** What one request's rate-limit check decided, and what the RateLimit-* headers say about it. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window (`RateLimit-Limit`). */
  limit: number;
  /** Requests left in the current window (`RateLimit-Remaining`). */
  remaining: number;
  /** Whole seconds until the window resets (`RateLimit-Reset`, and `Retry-After` when refused). */
  resetSeconds: number;
}

export const RATE_WINDOW_MS = 60_000;

/** The decision for the `count`-th request of a window with `resetInMs` left. */
export function rateLimitDecision(count: number, resetInMs: number, limit: number): RateLimitDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
  };
}

/**
 * Fixed windows counted in this process: the fallback when no Redis is configured or Redis is
 * down. A window starts at its key's first request and lasts `windowMs`, as in Redis. Expired
 * windows are swept once per window length, so memory follows the keys in use (pure: the clock
 * comes in).
 */
export class MemoryRateWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweepAt = 0;

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  get size(): number {
    return this.windows.size;
  }

  /** Counts one request of `bucket`: its number in the window and the window's time left. */
  hit(bucket: string, now: number): { count: number; resetInMs: number } {
    if (now >= this.nextSweepAt) this.sweep(now);
    let window = this.windows.get(bucket);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  private sweep(now: number): void {
    for (const [bucket, window] of this.windows) if (now >= window.resetAt) this.windows.delete(bucket);
    this.nextSweepAt = now + this.windowMs;
  }
}
