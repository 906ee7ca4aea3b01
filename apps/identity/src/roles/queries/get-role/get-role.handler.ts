import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type RoleResource } from '@steward/contracts';
import { findRole } from '../../role.read-model';
import { GetRoleQuery } from './get-role.query';

@QueryHandler(GetRoleQuery)
export class GetRoleHandler implements IQueryHandler<GetRoleQuery, RoleResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, roleId }: GetRoleQuery): Promise<RoleResource> {
    const role = await findRole(this.dataSource, orgId, roleId);
    if (!role) throw notFound('role');
    return role;
  }
}
