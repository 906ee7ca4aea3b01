import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type UserResource } from '@steward/contracts';
import { toUserResource, type UserRow } from '../../user.read-model';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, userId }: GetUserQuery): Promise<UserResource> {
    // Scoped to the caller's organization: another organization's user is simply not found.
    const rows: UserRow[] = await this.dataSource.query(`SELECT * FROM users WHERE id = $1 AND org_id = $2`, [userId, orgId]);
    if (!rows[0]) throw notFound('user');
    return toUserResource(rows[0]);
  }
}
