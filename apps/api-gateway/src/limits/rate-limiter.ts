import { Injectable } from '@nestjs/common';
import type { ApiKeyPrincipal } from '@steward/contracts';
import { LimitsRedis } from './limits-redis';
import { MemoryRateWindows, RATE_WINDOW_MS, rateLimitDecision, type RateLimitDecision } from './rate-windows';

/**
 * Requests per minute per API key (API.md "Rate limits"): the key's `rate_limit_per_minute`, else
 * `RATE_LIMIT_DEFAULT_PER_MINUTE` (1,000). A fixed one-minute window per key, counted in Redis by
 * one atomic script (one round trip, auto-pipelined with concurrent requests), so every gateway
 * replica shares the count.
 *
 * Fails open to a limit per process: when Redis is not configured, not connected, or a command
 * fails or times out, the request is counted in this process's memory instead. The API stays up
 * and every key stays limited, but during a Redis outage each replica enforces the whole limit on
 * its own (N replicas let through up to N times the limit). Rejected requests count too, so a
 * client hammering past its limit stays limited until the window resets.
 */
@Injectable()
export class RateLimiter {
  private readonly local = new MemoryRateWindows(RATE_WINDOW_MS);

  constructor(private readonly redis: LimitsRedis) {}

  limitOf(principal: ApiKeyPrincipal): number {
    return principal.rate_limit_per_minute ?? this.redis.settings.defaultPerMinute;
  }

  async consume(principal: ApiKeyPrincipal): Promise<RateLimitDecision> {
    const limit = this.limitOf(principal);
    const client = this.redis.client;
    if (client && this.redis.available()) {
      try {
        const [count, resetInMs] = await client.stewardRateWindow(this.redis.key('rl', principal.key_id), RATE_WINDOW_MS);
        return rateLimitDecision(count, resetInMs, limit);
      } catch (error) {
        this.redis.failed(error);
      }
    }
    const { count, resetInMs } = this.local.hit(principal.key_id, Date.now());
    return rateLimitDecision(count, resetInMs, limit);
  }
}
