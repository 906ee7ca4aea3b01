/** Retry policy of the client: which failures are retried, and how long to wait before each retry. */
export interface RetryOptions {
  /** Retries after the first attempt (0: none). */
  maxRetries: number;
  /** The first backoff step; each retry doubles it. */
  baseDelayMs: number;
  /** The largest backoff step. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Whether a failed attempt may be sent again. A 429 was refused before anything ran: always. A
 * 5xx or a network error may have happened after the request took effect: only when repeating it
 * is safe — an idempotent method, or a POST carrying an `Idempotency-Key` (the API replays the
 * first outcome instead of running it twice).
 */
export function isRetryable(method: string, failure: number | 'network', hasIdempotencyKey: boolean): boolean {
  if (failure === 429) return true;
  if (failure !== 'network' && !RETRYABLE_STATUSES.has(failure)) return false;
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || (method.toUpperCase() === 'POST' && hasIdempotencyKey);
}

/** `Retry-After` in milliseconds (seconds, or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (0-based): what `Retry-After` asks (never less), or
 * else exponential backoff with full jitter — a random wait up to `base · 2^retry`, capped — so
 * that clients failing together do not retry together. Undefined: do not retry (the server asks
 * for longer than `maxRetryAfterMs`).
 */
export function retryDelayMs(retry: number, retryAfter: number | undefined, options: RetryOptions, random: () => number = Math.random): number | undefined {
  if (retryAfter !== undefined) {
    if (retryAfter > options.maxRetryAfterMs) return undefined;
    // A little spread above the asked wait, so that clients told the same instant do not all come back at it.
    return retryAfter + Math.floor(random() * Math.min(1000, options.baseDelayMs));
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
