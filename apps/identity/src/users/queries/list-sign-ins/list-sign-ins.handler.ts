import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, toPage, type Page, type SignInResource } from '@steward/contracts';
import { findUser, toSignInResource, type SignInRow } from '../../user.read-model';
import { ListSignInsQuery } from './list-sign-ins.query';

/** `GET /v1/users/{id}/sign-in-activity`: newest first by id (`sgn_` TypeIDs sort by time). */
@QueryHandler(ListSignInsQuery)
export class ListSignInsHandler implements IQueryHandler<ListSignInsQuery, Page<SignInResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, userId, page }: ListSignInsQuery): Promise<Page<SignInResource>> {
    if (!(await findUser(this.dataSource, orgId, userId))) throw notFound('user');
    const params: unknown[] = [userId, orgId];
    let after = '';
    if (page.cursor) {
      params.push(decodeCursor(page.cursor).k);
      after = ` AND id < $${params.length}`;
    }
    params.push(page.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT * FROM sign_ins WHERE user_id = $1 AND org_id = $2${after} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as SignInRow[];
    return toPage(rows, page.limit, (r) => r.id, toSignInResource);
  }
}
