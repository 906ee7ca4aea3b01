import { DEFAULT_RETRY, isRetryable, retryAfterMs, retryDelayMs } from './retry';

describe('isRetryable', () => {
  it('retries a 429 whatever the method: the request was refused before it ran', () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) expect(isRetryable(method, 429, false)).toBe(true);
  });

  it('retries 5xx and network errors of idempotent methods, and of POSTs only with an Idempotency-Key', () => {
    for (const failure of [500, 502, 503, 504, 'network'] as const) {
      expect(isRetryable('GET', failure, false)).toBe(true);
      expect(isRetryable('DELETE', failure, false)).toBe(true);
      expect(isRetryable('POST', failure, true)).toBe(true);
      expect(isRetryable('POST', failure, false)).toBe(false);
      expect(isRetryable('PATCH', failure, false)).toBe(false);
    }
  });

  it('never retries a client error other than 429', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422]) expect(isRetryable('GET', status, true)).toBe(false);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('0.5')).toBe(500);
    const now = Date.parse('2026-11-22T14:00:00Z');
    expect(retryAfterMs('Sun, 22 Nov 2026 14:00:12 GMT', now)).toBe(12_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 13:00:00 GMT', now)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('')).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

  it('waits at least what Retry-After asks, spread by less than one backoff step', () => {
    expect(retryDelayMs(0, 3000, options, () => 0)).toBe(3000);
    expect(retryDelayMs(0, 3000, options, () => 0.999)).toBe(3099);
  });

  it('gives up on a Retry-After longer than it is allowed to wait', () => {
    expect(retryDelayMs(0, 6000, options, () => 0)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = (retry: number) => retryDelayMs(retry, undefined, options, () => 0.9999) as number;
    expect([0, 1, 2, 3, 4, 5].map(top)).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retryDelayMs(3, undefined, options, () => 0)).toBe(0);
  });
});
