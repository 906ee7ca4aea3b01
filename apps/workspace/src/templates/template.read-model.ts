import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, TemplateCreated, TemplateDeleted, TemplateUpdated, type TemplateResource } from '@steward/contracts';
import type { InlineProjection, InlineProjectionOptions, StoredEvent } from '@steward/event-store';
import { workspaceExists } from '../members/membership.read-model';

/** A row of the `templates` read table (migrations 1764140000410 and 1764140000460). */
export interface TemplateRow {
  id: string;
  org_id: string;
  workspace_id: string;
  name: string;
  description: string;
  content: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toTemplateResource(row: TemplateRow): TemplateResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    workspace_id: row.workspace_id,
    content: row.content,
    version: row.version,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The template's row, scoped to the organization: another organization's (or a deleted) template is undefined. */
export async function findTemplate(db: Queryable, orgId: string, templateId: string): Promise<TemplateRow | undefined> {
  const rows = (await db.query(`SELECT * FROM templates WHERE id = $1 AND org_id = $2`, [templateId, orgId])) as TemplateRow[];
  return rows[0];
}

/** Ids of the templates kept in a workspace. */
export async function templatesOfWorkspace(db: Queryable, orgId: string, workspaceId: string): Promise<string[]> {
  const rows = (await db.query(`SELECT id FROM templates WHERE workspace_id = $1 AND org_id = $2 ORDER BY id`, [workspaceId, orgId])) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * The workspace a template is put in must still exist when the append commits: its row is read
 * FOR SHARE, so a concurrent delete of the workspace waits for this transaction (and its
 * `workspace.deleted` reaction then sees, and deletes, the template), or has already removed
 * the row (and the append is refused).
 */
async function assertWorkspaceStillExists(manager: EntityManager, orgId: string, workspaceId: string): Promise<void> {
  if (!(await workspaceExists(manager, orgId, workspaceId, { forShare: true }))) {
    throw new DomainError('invalid_request', 'workspace_id must name a workspace of the organization', [{ field: 'workspace_id', issue: 'unknown' }]);
  }
}

/** Keeps the `templates` table in step with template streams, inside the append transaction. */
@Injectable()
export class TemplateReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    // A replay only writes: the workspace was checked when the events were appended.
    const check = !options.replay;
    for (const stored of events) {
      const orgId = stored.context.org_id;
      switch (stored.event.type) {
        case TemplateCreated.type: {
          const data = stored.event.data as (typeof TemplateCreated)['schema']['static'];
          if (check) await assertWorkspaceStillExists(manager, orgId, data.workspace_id);
          await manager.query(
            `INSERT INTO templates (id, org_id, workspace_id, name, description, content, created_at, updated_at, version)
             VALUES ($1,$2,$3,$4,$5,$6::json,$7,$7,$8)`,
            [data.template_id, orgId, data.workspace_id, data.name, data.description, JSON.stringify(data.content), stored.occurredAt, stored.version],
          );
          break;
        }
        case TemplateUpdated.type: {
          const { template_id, workspace_id, changes } = stored.event.data as (typeof TemplateUpdated)['schema']['static'];
          if (changes.workspace_id && check) await assertWorkspaceStillExists(manager, orgId, workspace_id);
          await manager.query(
            `UPDATE templates SET
               workspace_id = $3,
               name = COALESCE($4, name),
               description = COALESCE($5, description),
               content = COALESCE($6::json, content),
               updated_at = $7, version = $8
             WHERE id = $1 AND org_id = $2`,
            [
              template_id,
              orgId,
              workspace_id,
              changes.name ? changes.name.to : null,
              changes.description ? changes.description.to : null,
              changes.content ? JSON.stringify(changes.content.to) : null,
              stored.occurredAt,
              stored.version,
            ],
          );
          break;
        }
        case TemplateDeleted.type: {
          const { template_id } = stored.event.data as (typeof TemplateDeleted)['schema']['static'];
          await manager.query(`DELETE FROM templates WHERE id = $1 AND org_id = $2`, [template_id, orgId]);
          break;
        }
        default:
          break;
      }
    }
  }
}
