import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { decodeCursor, limitByBytes, toPage, type Page, type TemplateResource } from '@steward/contracts';
import { toTemplateResource, type TemplateRow } from '../../template.read-model';
import { ListTemplatesQuery } from './list-templates.query';

/**
 * Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts. A
 * page of large templates (contents up to 256 KiB each) ends early, with `has_more`, so that
 * it stays one Kafka message (`limitByBytes`).
 */
@QueryHandler(ListTemplatesQuery)
export class ListTemplatesHandler implements IQueryHandler<ListTemplatesQuery, Page<TemplateResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListTemplatesQuery): Promise<Page<TemplateResource>> {
    const where = new SqlWhere('org_id', orgId);
    if (filter.workspace_id) where.add('workspace_id = ?', filter.workspace_id);
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: TemplateRow[] = await this.dataSource.query(
      `SELECT * FROM templates WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, limitByBytes(rows, filter.limit), (r) => r.id, toTemplateResource);
  }
}
