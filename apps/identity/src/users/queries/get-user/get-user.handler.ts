import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type UserResource } from '@steward/contracts';
import { findUser, toUserResource } from '../../user.read-model';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, userId }: GetUserQuery): Promise<UserResource> {
    // Scoped to the caller's organization: another organization's user is simply not found.
    const row = await findUser(this.dataSource, orgId, userId);
    if (!row) throw notFound('user');
    return toUserResource(row);
  }
}
