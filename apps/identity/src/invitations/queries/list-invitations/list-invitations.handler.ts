import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
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
    const where = new SqlWhere('org_id', orgId);
    if (filter.status === 'pending') where.add(`status = 'pending' AND expires_at > ?`, now);
    else if (filter.status === 'expired') where.add(`status = 'pending' AND expires_at <= ?`, now);
    else if (filter.status) where.add('status = ?', filter.status);
    if (filter.workspace_id) where.add('workspace_id = ?', filter.workspace_id);
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: InvitationRow[] = await this.dataSource.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`,
      where.params,
    );
    return toPage(rows, filter.limit, (r) => r.id, (r) => toInvitationResource(r, now));
  }
}
