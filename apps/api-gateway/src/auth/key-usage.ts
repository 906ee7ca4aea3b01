import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeysRpc, MAX_USAGES_PER_FLUSH, newId } from '@steward/contracts';
import { envInt } from '@steward/service-kit';
import { GatewayRpcClient } from './rpc-client.provider';

export interface KeyUsage {
  key_id: string;
  last_used_at: string;
}

/**
 * The latest use of each key since the last flush, in memory (pure: the clock comes in). Bounded:
 * past `maxKeys` distinct keys, further new keys are not tracked until the next flush
 * (`last_used_at` is informational; it must never cost memory without bound).
 */
export class KeyUsageBuffer {
  private readonly latest = new Map<string, number>();

  constructor(private readonly maxKeys = 100_000) {}

  get size(): number {
    return this.latest.size;
  }

  record(keyId: string, at: number): void {
    const previous = this.latest.get(keyId);
    if (previous === undefined) {
      if (this.latest.size < this.maxKeys) this.latest.set(keyId, at);
    } else if (at > previous) {
      this.latest.set(keyId, at);
    }
  }

  /** Takes out up to `max` usages (they are no longer in the buffer). */
  drain(max: number): KeyUsage[] {
    const out: KeyUsage[] = [];
    for (const [keyId, at] of this.latest) {
      if (out.length >= max) break;
      out.push({ key_id: keyId, last_used_at: new Date(at).toISOString() });
      this.latest.delete(keyId);
    }
    return out;
  }

  /** Puts back usages whose flush failed (a later use recorded meanwhile wins). */
  restore(usages: KeyUsage[]): void {
    for (const usage of usages) this.record(usage.key_id, Date.parse(usage.last_used_at));
  }
}

/** `KEY_USAGE_FLUSH_MS`, checked at start. */
export function keyUsageFlushMs(): number {
  return envInt('KEY_USAGE_FLUSH_MS', 2000, { min: 100, max: 600_000 });
}

/**
 * `last_used_at` without a database write per request: the guard records each authenticated
 * key here, and every `KEY_USAGE_FLUSH_MS` the gateway sends what accumulated to key-vault in
 * one `api_keys.record_usage` call (key-vault applies it in one statement). A failed flush is
 * retried with the next one; the last flush happens at shutdown.
 */
@Injectable()
export class KeyUsageRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KeyUsage');
  private readonly buffer = new KeyUsageBuffer();
  private readonly intervalMs = keyUsageFlushMs();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(private readonly rpc: GatewayRpcClient) {}

  record(keyId: string): void {
    this.buffer.record(keyId, Date.now());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  /** Sends what accumulated; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** What accumulated until now (uses recorded meanwhile wait for the next flush). */
  private async send(): Promise<void> {
    for (let chunks = Math.ceil(this.buffer.size / MAX_USAGES_PER_FLUSH); chunks > 0; chunks--) {
      const usages = this.buffer.drain(MAX_USAGES_PER_FLUSH);
      try {
        await this.rpc.call(ApiKeysRpc.RecordUsage, { usages }, { org_id: 'system', actor: { type: 'system', id: 'gateway' }, request_id: newId('req') });
      } catch (error) {
        this.buffer.restore(usages);
        this.logger.warn({ keys: usages.length, code: (error as { code?: string }).code }, 'could not record key usage; retrying with the next flush');
        return;
      }
    }
  }
}
