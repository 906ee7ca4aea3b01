import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DestinationCreated, DestinationDeleted, type DestinationResource } from '@steward/contracts';
import type { InlineProjection, InlineProjectionOptions, StoredEvent } from '@steward/event-store';
import { findReplicaWorkspace } from '../workspaces-replica/workspaces-replica.projection';
import { lockWorkspace } from '../workspaces-replica/workspace.locks';
import { destinationInUse, unknownWorkspace } from './domain/destination.decider';
import { lockDestination } from './destination.locks';

type Db = Pick<EntityManager, 'query'>;

export interface DestinationRow {
  id: string;
  org_id: string;
  name: string;
  workspace_id: string;
  created_at: Date;
  version: number;
}

export function toDestinationResource(row: DestinationRow): DestinationResource {
  return {
    id: row.id,
    name: row.name,
    workspace_id: row.workspace_id,
    created_at: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

/**
 * A destination of the organization; undefined for an unknown, deleted or other organization's
 * one. The one check of "the destination exists" (e.g. for a key's `destination_id`; take
 * `lockDestination` first in a write transaction).
 */
export async function findDestination(db: Db, orgId: string, destinationId: string): Promise<DestinationRow | undefined> {
  const rows: DestinationRow[] = await db.query(`SELECT * FROM destinations WHERE id = $1 AND org_id = $2`, [destinationId, orgId]);
  return rows[0];
}

/** Keys routed to the destination that still work at `now`: active and not past their expiry. */
export async function countActiveKeysRoutedTo(db: Db, orgId: string, destinationId: string, now: Date): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM api_keys
     WHERE org_id = $1 AND destination_id = $2 AND status = 'active' AND (expires_at IS NULL OR expires_at > $3)`,
    [orgId, destinationId, now],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Keeps the `destinations` table in step with destination streams, inside the append
 * transaction, and checks again under the locks what the handler looked up before deciding:
 * the owning workspace is alive (a creation racing the workspace's deletion), and no active key
 * is routed to a destination being deleted (unless its workspace is gone). A failed check rolls
 * the append back.
 */
@Injectable()
export class DestinationReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    // A replay only writes: the checks (and their locks) passed when the events were appended,
    // against the workspaces replica as it was then (a workspace may be deleted since).
    const check = !options.replay;
    for (const stored of events) {
      const orgId = stored.context.org_id;
      switch (stored.event.type) {
        case DestinationCreated.type: {
          const d = stored.event.data as (typeof DestinationCreated)['schema']['static'];
          if (check) {
            await lockWorkspace(manager, d.workspace_id);
            if (!(await findReplicaWorkspace(manager, orgId, d.workspace_id))) throw unknownWorkspace();
          }
          await manager.query(
            `INSERT INTO destinations (id, org_id, name, workspace_id, created_at, version) VALUES ($1,$2,$3,$4,$5,$6)`,
            [d.destination_id, orgId, d.name, d.workspace_id, stored.occurredAt, stored.version],
          );
          break;
        }
        case DestinationDeleted.type: {
          const d = stored.event.data as (typeof DestinationDeleted)['schema']['static'];
          if (check) {
            await lockDestination(manager, d.destination_id);
            const workspaceAlive = !!(await findReplicaWorkspace(manager, orgId, d.workspace_id));
            if (workspaceAlive) {
              const active = await countActiveKeysRoutedTo(manager, orgId, d.destination_id, stored.occurredAt);
              if (active > 0) throw destinationInUse(active);
            }
          }
          await manager.query(`DELETE FROM destinations WHERE id = $1 AND org_id = $2`, [d.destination_id, orgId]);
          break;
        }
        default:
          break;
      }
    }
  }
}
