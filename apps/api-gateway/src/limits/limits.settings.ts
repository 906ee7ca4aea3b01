import { namespace } from '@steward/contracts';
import { RPC_TIMEOUT_MS } from '@steward/messaging';
import { ConfigError, envInt, envUrl } from '@steward/service-kit';

/** Rate limits and idempotency keys: settings read and checked once at start (docs/configuration.md). */
export interface LimitsSettings {
  /** Where counters and stored responses live; absent → this process's memory (one gateway only). */
  redisUrl: string | undefined;
  /** Prefix of every Redis key the gateway writes (`<prefix>:rl:…`, `<prefix>:idem:…`). */
  redisPrefix: string;
  /** A Redis command slower than this counts as Redis being down. */
  redisCommandTimeoutMs: number;
  /** Requests per minute of a key without its own `rate_limit_per_minute`. */
  defaultPerMinute: number;
  /** How long a response is kept for replay under its Idempotency-Key. */
  idempotencyTtlMs: number;
  /**
   * How long the first request with an Idempotency-Key holds it while it runs: longer than any
   * RPC may take (a service drops a request past its deadline, so after this the command has
   * either run and answered or never will), plus time to store the answer.
   */
  idempotencyLockMs: number;
}

export function loadLimitsSettings(): LimitsSettings {
  const redisUrl = process.env.REDIS_URL ? envUrl('REDIS_URL', '', ['redis:', 'rediss:']) : undefined;
  const redisPrefix = process.env.REDIS_PREFIX || namespace();
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(redisPrefix)) throw new ConfigError('REDIS_PREFIX must be 1 to 64 characters of A-Z a-z 0-9 . _ : -');
  return {
    redisUrl,
    redisPrefix,
    redisCommandTimeoutMs: envInt('REDIS_COMMAND_TIMEOUT_MS', 500, { min: 10, max: 10_000 }),
    defaultPerMinute: envInt('RATE_LIMIT_DEFAULT_PER_MINUTE', 1000, { min: 1, max: 1_000_000_000 }),
    idempotencyTtlMs: envInt('IDEMPOTENCY_TTL_SECONDS', 86_400, { min: 60, max: 7 * 86_400 }) * 1000,
    idempotencyLockMs: RPC_TIMEOUT_MS + 5_000,
  };
}
