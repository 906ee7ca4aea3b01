import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApiKeyEvent, ApiKeyResource } from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';
import { effectiveKeyStatus, type ApiKeyState, type KeyStatus, type SecretDelivery } from './domain/api-key.decider';

type Db = Pick<EntityManager, 'query'>;

/** A row of `api_keys` without its secret hashes (see `ApiKeySecretRow`). */
export interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  workspace_id: string | null;
  destination_id: string | null;
  status: KeyStatus;
  expires_at: Date | null;
  rate_limit_per_minute: number | null;
  deliver: SecretDelivery;
  secret_retrieved_at: Date | null;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  version: number;
}

/** The row with what only authentication reads: the hashes never leave the service. */
export interface ApiKeySecretRow extends ApiKeyRow {
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_valid_until: Date | null;
}

/** Columns a read for a response selects: everything but the secret hashes. */
export const API_KEY_COLUMNS =
  'id, org_id, name, prefix, scopes, workspace_id, destination_id, status, expires_at, rate_limit_per_minute, deliver, secret_retrieved_at, created_by, created_at, last_used_at, version';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Public metadata only: the row's secret hashes never leave the service. The status is the one
 * shown now: an active key past its `expires_at` is `expired` before the sweep records it.
 */
export function toApiKeyResource(row: ApiKeyRow): ApiKeyResource {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    workspace_id: row.workspace_id,
    destination_id: row.destination_id,
    status: effectiveKeyStatus(row.status, row.expires_at, new Date()),
    expires_at: iso(row.expires_at),
    created_at: new Date(row.created_at).toISOString(),
    created_by: row.created_by,
    last_used_at: iso(row.last_used_at),
    version: row.version,
  };
}

/** The key of the organization; undefined for an unknown or another organization's key. */
export async function findApiKey(db: Db, orgId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const rows: ApiKeyRow[] = await db.query(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1 AND org_id = $2`, [keyId, orgId]);
  return rows[0];
}

/**
 * The row as the decider's state, so authentication applies the decider's own rule
 * (`secretOpens`) rather than a copy of it.
 */
export function apiKeyStateOf(row: ApiKeySecretRow): ApiKeyState {
  return {
    exists: true,
    id: row.id,
    scopes: row.scopes,
    status: row.status,
    secretHash: row.secret_hash,
    previousSecretHash: row.previous_secret_hash,
    previousValidUntil: iso(row.previous_valid_until),
    expiresAt: iso(row.expires_at),
    deliver: row.deliver,
    secretRetrieved: row.secret_retrieved_at !== null,
    workspaceId: row.workspace_id,
    destinationId: row.destination_id,
  };
}

const API_KEY_EVENT_TYPES = new Set<string>(['api_key.created', 'api_key.revoked', 'api_key.expired', 'api_key.rotated', 'api_key.secret_retrieved']);

/**
 * Keeps `api_keys` (and `key_secrets`) in step with key streams, inside the append transaction.
 * A provisioned secret's ciphertext is erased in the transaction that records its retrieval —
 * and whenever it can no longer be retrieved (revoked, expired, rotated). `last_used_at` is not
 * an event: gateways report usage in batches (`RecordKeyUsageHandler`).
 */
@Injectable()
export class ApiKeyReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (!API_KEY_EVENT_TYPES.has(stored.event.type)) continue;
      await this.applyOne(manager, stored as StoredEvent<ApiKeyEvent>);
    }
  }

  private async applyOne(manager: EntityManager, stored: StoredEvent<ApiKeyEvent>): Promise<void> {
    const event = stored.event;
    const at = stored.occurredAt;
    switch (event.type) {
      case 'api_key.created': {
        const d = event.data;
        await manager.query(
          `INSERT INTO api_keys (id, org_id, name, prefix, secret_hash, scopes, workspace_id, destination_id, status, expires_at, rate_limit_per_minute, deliver, created_by, created_at, version)
           VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,'active',$9,$10,$11,$12,$13,$14)`,
          [
            d.key_id,
            stored.context.org_id,
            d.name,
            d.prefix,
            d.secret_hash,
            JSON.stringify(d.scopes),
            d.workspace_id,
            d.destination_id,
            d.expires_at,
            d.rate_limit_per_minute,
            d.deliver ?? 'response',
            d.created_by,
            at,
            stored.version,
          ],
        );
        return;
      }
      case 'api_key.revoked':
        await manager.query(`UPDATE api_keys SET status = 'revoked', version = $2 WHERE id = $1`, [event.data.key_id, stored.version]);
        await this.eraseSecret(manager, event.data.key_id);
        return;
      case 'api_key.expired':
        await manager.query(`UPDATE api_keys SET status = 'expired', version = $2 WHERE id = $1`, [event.data.key_id, stored.version]);
        await this.eraseSecret(manager, event.data.key_id);
        return;
      case 'api_key.rotated': {
        const d = event.data;
        // Without a grace the previous secret opens nothing: its hash is not kept.
        await manager.query(
          `UPDATE api_keys SET secret_hash = $2, prefix = $3, previous_secret_hash = $4, previous_valid_until = $5, deliver = 'response', version = $6
           WHERE id = $1`,
          [d.key_id, d.secret_hash, d.prefix, d.previous_valid_until === null ? null : d.previous_secret_hash, d.previous_valid_until, stored.version],
        );
        await this.eraseSecret(manager, d.key_id);
        return;
      }
      case 'api_key.secret_retrieved':
        await manager.query(`UPDATE api_keys SET secret_retrieved_at = $2, version = $3 WHERE id = $1`, [event.data.key_id, at, stored.version]);
        await this.eraseSecret(manager, event.data.key_id);
        return;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled api key event ${String((unknown as { type: string }).type)}`);
      }
    }
  }

  private async eraseSecret(manager: EntityManager, keyId: string): Promise<void> {
    await manager.query(`DELETE FROM key_secrets WHERE key_id = $1`, [keyId]);
  }
}
