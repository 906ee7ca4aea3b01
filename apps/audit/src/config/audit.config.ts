import { envInt } from '@steward/service-kit';

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

export interface AuditConfig {
  /** Entries older than this many days are purged, and events older than that are not recorded. */
  retentionDays: number;
  /** How often the retention purge runs (one replica at a time). */
  retentionSweepMs: number;
}

/** Reads and validates audit's settings once, at start; a bad value names its variable. */
export function loadAuditConfig(): AuditConfig {
  return {
    retentionDays: envInt('AUDIT_RETENTION_DAYS', 90, { min: 1, max: 36_500 }),
    retentionSweepMs: envInt('AUDIT_RETENTION_SWEEP_MS', 3_600_000, { min: 100, max: 86_400_000 }),
  };
}
