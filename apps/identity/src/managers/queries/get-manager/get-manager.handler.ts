import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type ManagerResource } from '@steward/contracts';
import { findManager } from '../../manager.read-model';
import { GetManagerQuery } from './get-manager.query';

@QueryHandler(GetManagerQuery)
export class GetManagerHandler implements IQueryHandler<GetManagerQuery, ManagerResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, managerId }: GetManagerQuery): Promise<ManagerResource> {
    const manager = await findManager(this.dataSource, orgId, managerId);
    if (!manager) throw notFound('manager');
    return manager;
  }
}
