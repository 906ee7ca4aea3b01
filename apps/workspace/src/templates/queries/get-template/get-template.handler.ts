import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type TemplateResource } from '@steward/contracts';
import { findTemplate, toTemplateResource } from '../../template.read-model';
import { GetTemplateQuery } from './get-template.query';

@QueryHandler(GetTemplateQuery)
export class GetTemplateHandler implements IQueryHandler<GetTemplateQuery, TemplateResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, templateId }: GetTemplateQuery): Promise<TemplateResource> {
    const row = await findTemplate(this.dataSource, orgId, templateId);
    if (!row) throw notFound('template');
    return toTemplateResource(row);
  }
}
