/**
 * Retry policy of background jobs: exponential backoff, capped, with jitter so that jobs that
 * failed together (an SMTP outage) do not all retry at the same instant.
 */
export interface BackoffPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** Jitter multiplies the capped delay by a factor in [JITTER_MIN, 1). */
export const JITTER_MIN = 0.5;

/**
 * Delay before the next try after `attempts` failed attempts (≥ 1):
 * `min(maxMs, baseMs · 2^(attempts−1)) · jitter`, jitter ∈ [0.5, 1) from `random` ∈ [0, 1).
 */
export function backoffDelayMs(attempts: number, policy: Pick<BackoffPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jitter = JITTER_MIN + (1 - JITTER_MIN) * Math.min(Math.max(random(), 0), 1);
  return Math.round(capped * jitter);
}

export type FailureOutcome = { state: 'retry'; delayMs: number } | { state: 'dead' };

/** What becomes of a job whose attempt number `attempts` (counting this one) just failed. */
export function afterFailure(
  attempts: number,
  policy: BackoffPolicy,
  options: { permanent?: boolean; random?: () => number } = {},
): FailureOutcome {
  if (options.permanent || attempts >= policy.maxAttempts) return { state: 'dead' };
  return { state: 'retry', delayMs: backoffDelayMs(attempts, policy, options.random) };
}
