import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import Redis, { type Result } from 'ioredis';
import { loadLimitsSettings, type LimitsSettings } from './limits.settings';

/**
 * One fixed window per key: the first hit creates the counter with the window's expiry (set by
 * Redis, so every replica shares one clock), each hit increments it. Returns the count and the
 * window's remaining milliseconds.
 */
const RATE_WINDOW_LUA = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** Takes an Idempotency-Key (stores ARGV[1] for ARGV[2] ms) unless held: then returns what holds it. */
const IDEMPOTENCY_CLAIM_LUA = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

/** Replaces the record only while it is still the claim ARGV[1] (a record of another claim is left alone). */
const IDEMPOTENCY_SETTLE_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    stewardRateWindow(key: string, windowMs: number): Result<[number, number], Context>;
    stewardIdempotencyClaim(key: string, record: string, ttlMs: number): Result<string | null, Context>;
    stewardIdempotencySettle(key: string, claim: string, record: string, ttlMs: number): Result<number, Context>;
  }
}

/** Thrown instead of sending a command while Redis is not `available()` (not a failure of Redis itself). */
export class RedisUnavailableError extends Error {
  constructor() {
    super('Redis is not connected');
  }
}

/** After a failed command, requests stay off Redis this long (then the next one tries again). */
const FAILURE_PAUSE_MS = 1_000;

/** Error messages may hold the URL, and with it a password: only the host and port are logged. */
function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || 6379}`;
}

/**
 * The gateway's Redis: where rate-limit counters and idempotency records are shared by every
 * replica (docs/decisions.md, "Rate limits and idempotency"). Without `REDIS_URL` there is no
 * client, and both live in this process's memory — said once, loudly, at start.
 *
 * Commands fail fast instead of queueing: no offline queue, no resend after a reconnect, a
 * `REDIS_COMMAND_TIMEOUT_MS` bound; the client reconnects in the background. Callers ask
 * `available()` first and report a failed command with `failed()`, which also keeps requests off
 * Redis for a second — so a Redis that hangs without dropping the connection costs one timeout
 * per second, not one per request.
 */
@Injectable()
export class LimitsRedis implements OnModuleInit, OnApplicationShutdown {
  readonly settings: LimitsSettings = loadLimitsSettings();
  readonly client: Redis | undefined;
  private readonly logger = new Logger('LimitsRedis');
  private readonly address: string | undefined;
  private reportedDown = false;
  private lastFailureLog = 0;
  private pausedUntil = 0;

  constructor() {
    const { redisUrl, redisCommandTimeoutMs } = this.settings;
    if (!redisUrl) return;
    this.address = redisAddress(redisUrl);
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      connectionName: 'steward-gateway',
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: redisCommandTimeoutMs,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
      scripts: {
        stewardRateWindow: { numberOfKeys: 1, lua: RATE_WINDOW_LUA },
        stewardIdempotencyClaim: { numberOfKeys: 1, lua: IDEMPOTENCY_CLAIM_LUA },
        stewardIdempotencySettle: { numberOfKeys: 1, lua: IDEMPOTENCY_SETTLE_LUA },
      },
    });
    this.client.on('ready', () => {
      this.reportedDown = false;
      this.logger.log(`Redis at ${this.address} is ready: rate limits and idempotency keys are shared by every gateway`);
    });
    this.client.on('error', (error: Error) => this.reportDown(error.message));
    this.client.on('close', () => this.reportDown('connection closed'));
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) {
      this.logger.warn(
        'REDIS_URL is not set: rate limits and idempotency keys are kept in this process’s memory — not shared with other gateway replicas and lost on restart; set REDIS_URL when running more than one gateway',
      );
      return;
    }
    // Waits briefly for a first connection so the start log says where things stand; a Redis
    // that is down does not stop the gateway (the client keeps reconnecting).
    await Promise.race([this.client.connect().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    this.reportedDown = true; // a quit is not an outage
    await this.client.quit().catch(() => this.client?.disconnect());
  }

  /** True when a command can be sent now (configured, connected, ready, no failure in the last second). */
  available(): boolean {
    return this.client?.status === 'ready' && (this.pausedUntil === 0 || Date.now() >= this.pausedUntil);
  }

  /** A key under the deployment's prefix. */
  key(...parts: string[]): string {
    return [this.settings.redisPrefix, ...parts].join(':');
  }

  /**
   * A command failed or timed out: requests stay off Redis for FAILURE_PAUSE_MS; logged at most
   * every 30 s (an outage is logged when the connection drops). A command not sent because Redis
   * was unavailable is no new failure (else refusals would keep extending the pause).
   */
  failed(error: unknown): void {
    if (error instanceof RedisUnavailableError) return;
    const now = Date.now();
    this.pausedUntil = now + FAILURE_PAUSE_MS;
    if (now - this.lastFailureLog < 30_000) return;
    this.lastFailureLog = now;
    this.logger.warn({ redis: this.address, reason: error instanceof Error ? error.message : String(error) }, 'a Redis command failed');
  }

  private reportDown(reason: string): void {
    if (this.reportedDown) return;
    this.reportedDown = true;
    this.logger.warn(
      { redis: this.address, reason },
      'Redis is unavailable: rate limits fall back to this process’s memory, POSTs with Idempotency-Key answer 503 until it is back',
    );
  }
}
