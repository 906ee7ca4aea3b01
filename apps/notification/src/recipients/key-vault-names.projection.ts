import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiKeyCreated, ApiKeyRotated, DestinationCreated, DestinationDeleted, type CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

type Data<D> = D extends { schema: { static: infer S } } ? S : never;

/**
 * Notification's replica of key-vault's names: destinations (name, owning workspace; a deleted
 * one stays as a tombstone) and API keys (name and display prefix — never a hash or a secret),
 * so an email can say which destination and which key, and who created it.
 */
@Injectable()
export class KeyVaultNamesProjection implements EventReaction {
  readonly types = [DestinationCreated.type, DestinationDeleted.type, ApiKeyCreated.type, ApiKeyRotated.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const at = event.time;
    switch (event.type) {
      case DestinationCreated.type: {
        const d = event.data as Data<typeof DestinationCreated>;
        await manager.query(
          `INSERT INTO destinations (id, org_id, name, workspace_id, updated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (id) DO NOTHING`,
          [d.destination_id, event.orgid, d.name, d.workspace_id, at],
        );
        return;
      }
      case DestinationDeleted.type: {
        const d = event.data as Data<typeof DestinationDeleted>;
        await manager.query(
          `INSERT INTO destinations (id, org_id, name, workspace_id, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$5,$5)
           ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at`,
          [d.destination_id, event.orgid, d.name, d.workspace_id, at],
        );
        return;
      }
      case ApiKeyCreated.type: {
        const d = event.data as Data<typeof ApiKeyCreated>;
        await manager.query(`INSERT INTO api_key_names (id, org_id, name, prefix) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING`, [
          d.key_id,
          event.orgid,
          d.name,
          d.prefix,
        ]);
        return;
      }
      case ApiKeyRotated.type: {
        const d = event.data as Data<typeof ApiKeyRotated>;
        await manager.query(`UPDATE api_key_names SET prefix = $2 WHERE id = $1`, [d.key_id, d.prefix]);
        return;
      }
      default:
        return;
    }
  }
}
