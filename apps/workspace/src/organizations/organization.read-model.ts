import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationCreated } from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';

@Injectable()
export class OrganizationReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (stored.event.type !== OrganizationCreated.type) continue;
      const data = stored.event.data as (typeof OrganizationCreated)['schema']['static'];
      await manager.query(`INSERT INTO organizations (id, name, created_at, updated_at, version) VALUES ($1,$2,$3,$3,$4)`, [
        data.organization_id,
        data.name,
        stored.occurredAt,
        stored.version,
      ]);
    }
  }
}
