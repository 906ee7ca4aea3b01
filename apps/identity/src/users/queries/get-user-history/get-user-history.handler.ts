import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isId, notFound, type Page, type StreamEventResource } from '@steward/contracts';
import { AggregateRepository, streamHistory } from '@steward/event-store';
import { GetUserHistoryQuery } from './get-user-history.query';

/** `GET /v1/users/{id}/history`: the user's events, oldest first (also after the user was deleted). */
@QueryHandler(GetUserHistoryQuery)
export class GetUserHistoryHandler implements IQueryHandler<GetUserHistoryQuery, Page<StreamEventResource>> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ orgId, userId, page }: GetUserHistoryQuery): Promise<Page<StreamEventResource>> {
    // Only user streams answer here (an invitation's id is not a user).
    if (!isId('usr', userId)) throw notFound('user');
    return streamHistory(this.dataSource, this.repository.store, userId, orgId, page);
  }
}
