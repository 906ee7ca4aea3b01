import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type InvitationResource, type Page } from '@steward/contracts';
import { INVITATION_COLUMNS, toInvitationResource, type InvitationRow } from '../../invitation.read-model';
import { ListInvitationsQuery } from './list-invitations.query';

/**
 * Newest first by id (TypeIDs sort by creation time); keyset pagination survives inserts.
 * `expired` is computed at read time: a stored `pending` whose `expires_at` has passed.
 */
@QueryHandler(ListInvitationsQuery)
export class ListInvitationsHandler implements IQueryHandler<ListInvitationsQuery, Page<InvitationResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListInvitationsQuery): Promise<Page<InvitationResource>> {
    const now = new Date();
    const where = ['org_id = $1'];
    const params: unknown[] = [orgId];
    const add = (clause: string, ...values: unknown[]) => {
      let sql = clause;
      for (const value of values) {
        params.push(value);
        sql = sql.replace('?', `$${params.length}`);
      }
      where.push(sql);
    };
    if (filter.status === 'pending') add(`status = 'pending' AND expires_at > ?`, now);
    else if (filter.status === 'expired') add(`status = 'pending' AND expires_at <= ?`, now);
    else if (filter.status) add('status = ?', filter.status);
    if (filter.workspace_id) add('workspace_id = ?', filter.workspace_id);
    if (filter.cursor) add('id < ?', decodeCursor(filter.cursor).k);
    params.push(filter.limit + 1);
    const rows: InvitationRow[] = await this.dataSource.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, filter.limit, (r) => r.id, (r) => toInvitationResource(r, now));
  }
}
