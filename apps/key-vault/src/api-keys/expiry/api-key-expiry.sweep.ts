import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { newId } from '@steward/contracts';
import { envInt } from '@steward/service-kit';
import { ExpireApiKeyCommand } from '../commands/expire-api-key/expire-api-key.command';

/** Keys expired per round at most; a longer backlog continues in the next round. */
const BATCH = 500;
const LOCK_KEY = 'key-vault:api-key-expiry-sweep';

/** `API_KEY_EXPIRY_SWEEP_MS`, checked at start. */
export function expirySweepIntervalMs(): number {
  return envInt('API_KEY_EXPIRY_SWEEP_MS', 2000, { min: 100, max: 3_600_000 });
}

/**
 * Records `api_key.expired` for active keys past their `expires_at`, every few seconds
 * (`API_KEY_EXPIRY_SWEEP_MS`), so gateways drop them by event. Authentication already refuses
 * such a key by time; the event makes the expiry a fact (audit, caches, the feed). One replica
 * sweeps at a time: each round runs under a transaction-level advisory lock that the others
 * fail to take (and skip the round).
 */
@Injectable()
export class ApiKeyExpirySweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiKeyExpirySweep');
  private readonly intervalMs = expirySweepIntervalMs();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: returns how many keys it expired, or null when another replica holds the lock. */
  async sweepOnce(): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return null;
      const due: { id: string; org_id: string }[] = await manager.query(
        `SELECT id, org_id FROM api_keys WHERE status = 'active' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
        [BATCH],
      );
      let expired = 0;
      for (const key of due) {
        const context = { org_id: key.org_id, actor: { type: 'system' as const, id: 'key-vault' }, request_id: newId('req') };
        if (await this.commandBus.execute<ExpireApiKeyCommand, boolean>(new ExpireApiKeyCommand(key.id, context))) expired += 1;
      }
      return expired;
    });
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.sweepOnce()
        .then((expired) => {
          if (expired) this.logger.log({ expired }, 'api keys expired');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'api key expiry sweep failed; retrying next round'))
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }
}
