import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_CONFIG, type AuditConfig } from '../../config/audit.config';
import { LIVE_TABLES, lockChain, lockTablesShared, writeAnchors, type AuditAnchor } from '../chain/audit-chain';

/** Entries deleted per transaction at most; a longer backlog continues in the next one. */
const CHUNK = 5000;
const LOCK_KEY = 'audit:retention-purge';

export interface PurgeResult {
  purged: number;
  organizations: number;
}

/**
 * Deletes audit entries older than `AUDIT_RETENTION_DAYS`, every `AUDIT_RETENTION_SWEEP_MS`.
 * Chunk by chunk, each in one transaction: per organization (under its chain lock, so no entry
 * is linked in meanwhile) the oldest entries before the cutoff — a prefix of its chain — are
 * deleted and the hash of the last of them becomes the organization's anchor, which verify
 * takes as the first kept entry's expected `prev_hash`: the chain stays verifiable. Entries of
 * events older than the cutoff that arrive later are not recorded (the projection drops
 * anything at or before the anchor). One replica purges at a time (a transaction-level
 * advisory lock the others fail to take, skipping the round).
 */
@Injectable()
export class AuditRetentionPurge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditRetentionPurge');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private running = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One purge to the cutoff of now; null when another replica is purging. */
  async purgeOnce(): Promise<PurgeResult | null> {
    const [{ cutoff }] = (await this.dataSource.query(`SELECT now() - make_interval(days => $1) AS cutoff`, [this.config.retentionDays])) as {
      cutoff: Date;
    }[];
    const total: PurgeResult = { purged: 0, organizations: 0 };
    const organizations = new Set<string>();
    // Until a chunk finds nothing left before the cutoff (or the app stops; the next run goes on).
    while (!this.stopping) {
      const chunk = await this.purgeChunk(cutoff, organizations);
      if (chunk === null) return total.purged ? { ...total, organizations: organizations.size } : null;
      total.purged += chunk;
      if (chunk === 0) break;
    }
    return { ...total, organizations: organizations.size };
  }

  /** Deletes up to CHUNK entries before `cutoff`; returns how many, or null without the lock. */
  private async purgeChunk(cutoff: Date, organizations: Set<string>): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return null;
      await lockTablesShared(manager);
      const candidates: { org_id: string }[] = await manager.query(
        `SELECT DISTINCT org_id FROM (SELECT org_id FROM audit_entries WHERE occurred_at < $1 ORDER BY occurred_at, id LIMIT $2) AS oldest`,
        [cutoff, CHUNK],
      );
      let budget = CHUNK;
      const anchors = new Map<string, AuditAnchor>();
      for (const { org_id: orgId } of candidates.sort((a, b) => (a.org_id < b.org_id ? -1 : 1))) {
        if (budget <= 0) break;
        await lockChain(manager, orgId);
        // Under the chain lock: the oldest entries by chain order, all before the cutoff — a prefix.
        const [deleted]: [{ id: string; occurred_at: Date; hash: string }[], number] = await manager.query(
          `WITH doomed AS (
             SELECT id FROM audit_entries WHERE org_id = $1 AND occurred_at < $2 ORDER BY occurred_at, id LIMIT $3
           )
           DELETE FROM audit_entries AS e USING doomed WHERE e.id = doomed.id RETURNING e.id, e.occurred_at, e.hash`,
          [orgId, cutoff, budget],
        );
        if (deleted.length === 0) continue;
        const last = deleted
          .map((row) => ({ id: row.id, occurred_at: new Date(row.occurred_at).toISOString(), hash: row.hash }))
          .reduce((a, b) => (a.occurred_at > b.occurred_at || (a.occurred_at === b.occurred_at && a.id > b.id) ? a : b));
        anchors.set(orgId, last);
        organizations.add(orgId);
        budget -= deleted.length;
      }
      await writeAnchors(manager, LIVE_TABLES, anchors);
      return CHUNK - budget;
    });
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.purgeOnce()
        .then((result) => {
          if (result?.purged) this.logger.log({ ...result, retention_days: this.config.retentionDays }, 'audit entries purged by retention');
        })
        .catch((error: unknown) => {
          const { name, message, code } = error as { name?: string; message?: string; code?: string };
          this.logger.error({ err: { name, message, code } }, 'audit retention purge failed; retrying next round');
        })
        .finally(() => this.schedule());
    }, this.config.retentionSweepMs);
    this.timer.unref();
  }
}
