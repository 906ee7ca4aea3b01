import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiKeyCreated, type ApiKeyResource } from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';

export interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  workspace_id: string | null;
  destination_id: string | null;
  status: ApiKeyResource['status'];
  expires_at: Date | null;
  rate_limit_per_minute: number | null;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Public metadata only: the row's secret hash never leaves the service. */
export function toApiKeyResource(row: ApiKeyRow): ApiKeyResource {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    workspace_id: row.workspace_id,
    destination_id: row.destination_id,
    status: row.status,
    expires_at: iso(row.expires_at),
    created_at: new Date(row.created_at).toISOString(),
    created_by: row.created_by,
    last_used_at: iso(row.last_used_at),
  };
}

@Injectable()
export class ApiKeyReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (stored.event.type !== ApiKeyCreated.type) continue;
      const d = stored.event.data as (typeof ApiKeyCreated)['schema']['static'];
      await manager.query(
        `INSERT INTO api_keys (id, org_id, name, prefix, secret_hash, scopes, workspace_id, destination_id, status, expires_at, rate_limit_per_minute, created_by, created_at, version)
         VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,'active',$9,$10,$11,$12,$13)`,
        [d.key_id, stored.context.org_id, d.name, d.prefix, d.secret_hash, JSON.stringify(d.scopes), d.workspace_id, d.destination_id, d.expires_at, d.rate_limit_per_minute, d.created_by, stored.occurredAt, stored.version],
      );
    }
  }
}
