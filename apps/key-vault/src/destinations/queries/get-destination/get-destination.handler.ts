import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type DestinationResource } from '@steward/contracts';
import { findDestination, toDestinationResource } from '../../destination.read-model';
import { GetDestinationQuery } from './get-destination.query';

@QueryHandler(GetDestinationQuery)
export class GetDestinationHandler implements IQueryHandler<GetDestinationQuery, DestinationResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, destinationId }: GetDestinationQuery): Promise<DestinationResource> {
    const row = await findDestination(this.dataSource, orgId, destinationId);
    if (!row) throw notFound('destination');
    return toDestinationResource(row);
  }
}
