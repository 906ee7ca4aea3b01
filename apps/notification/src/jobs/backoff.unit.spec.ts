import { afterFailure, backoffDelayMs, JITTER_MIN, type BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { maxAttempts: 8, baseMs: 1000, maxMs: 300_000 };
const noJitter = () => 0.999999999; // the top of the jitter range: the capped delay itself
const lowest = () => 0;

describe('backoffDelayMs', () => {
  it('doubles with each failed attempt, starting at the base', () => {
    const delays = [1, 2, 3, 4, 5].map((attempts) => backoffDelayMs(attempts, policy, noJitter));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is capped at the maximum', () => {
    expect(backoffDelayMs(10, policy, noJitter)).toBe(300_000);
    expect(backoffDelayMs(50, policy, noJitter)).toBe(300_000);
    expect(backoffDelayMs(5000, policy, noJitter)).toBe(300_000); // 2^4999 overflows to Infinity
  });

  it('applies jitter within [0.5, 1.0] of the capped delay', () => {
    for (const attempts of [1, 3, 9, 20]) {
      const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
      expect(backoffDelayMs(attempts, policy, lowest)).toBe(Math.round(capped * JITTER_MIN));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(attempts, policy);
        expect(delay).toBeGreaterThanOrEqual(Math.round(capped * JITTER_MIN));
        expect(delay).toBeLessThanOrEqual(capped);
      }
    }
  });

  it('stays within bounds whatever the random source returns', () => {
    expect(backoffDelayMs(1, policy, () => -3)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 7)).toBe(1000);
  });
});

describe('afterFailure', () => {
  it('retries while attempts remain, with the backoff delay', () => {
    expect(afterFailure(1, policy, { random: noJitter })).toEqual({ state: 'retry', delayMs: 1000 });
    expect(afterFailure(7, policy, { random: noJitter })).toEqual({ state: 'retry', delayMs: 64_000 });
  });

  it('is dead once attempts reach max_attempts', () => {
    expect(afterFailure(8, policy)).toEqual({ state: 'dead' });
    expect(afterFailure(9, policy)).toEqual({ state: 'dead' });
    expect(afterFailure(1, { ...policy, maxAttempts: 1 })).toEqual({ state: 'dead' });
  });

  it('is dead at once for a permanent failure', () => {
    expect(afterFailure(1, policy, { permanent: true })).toEqual({ state: 'dead' });
  });
});
