import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isId, notFound, type Page, type StreamEventResource } from '@steward/contracts';
import { AggregateRepository, streamHistory } from '@steward/event-store';
import { GetTemplateHistoryQuery } from './get-template-history.query';

/** `GET /v1/templates/{id}/history`: the template's events, oldest first (also after it was deleted). */
@QueryHandler(GetTemplateHistoryQuery)
export class GetTemplateHistoryHandler implements IQueryHandler<GetTemplateHistoryQuery, Page<StreamEventResource>> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ orgId, templateId, page }: GetTemplateHistoryQuery): Promise<Page<StreamEventResource>> {
    // Only template streams answer here (a workspace's id is not a template).
    if (!isId('tpl', templateId)) throw notFound('template');
    return streamHistory(this.dataSource, this.repository.store, templateId, orgId, page);
  }
}
