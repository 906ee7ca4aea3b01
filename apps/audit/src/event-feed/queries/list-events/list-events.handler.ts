import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SqlWhere } from '@steward/event-store';
import { DomainError, limitByBytes, toPage, type CloudEvent, type Page } from '@steward/contracts';
import { ListEventsQuery } from './list-events.query';

interface FeedRow {
  position: string;
  event_id: string;
  event: CloudEvent;
}

/**
 * The organization's public events, oldest first in feed order (`position`). `after` continues
 * after an event of the organization's feed; any other id (unknown, not received yet, another
 * organization's) is refused, since there is no position to continue from. A page of large
 * events (template contents) ends early so that the reply stays one Kafka message.
 */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery, Page<CloudEvent>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListEventsQuery): Promise<Page<CloudEvent>> {
    const where = new SqlWhere('org_id', orgId);
    if (filter.after !== undefined) where.add('position > ?::bigint', await this.positionOf(orgId, filter.after));
    if (filter.types) where.add('type = ANY(?::text[])', filter.types);
    const limit = where.param(filter.limit + 1);
    const rows: FeedRow[] = await this.dataSource.query(
      `SELECT position, event_id, event FROM event_feed WHERE ${where.sql} ORDER BY position LIMIT ${limit}`,
      where.params,
    );
    return toPage(
      rows,
      limitByBytes(rows, filter.limit),
      (row) => row.event_id,
      (row) => row.event,
      (eventId) => eventId,
    );
  }

  private async positionOf(orgId: string, eventId: string): Promise<string> {
    const [row]: { position: string }[] = await this.dataSource.query(`SELECT position FROM event_feed WHERE event_id = $1 AND org_id = $2`, [eventId, orgId]);
    if (!row) {
      throw new DomainError('invalid_request', 'after must be the id of an event in this organization\'s feed', [{ field: 'after', issue: 'unknown' }]);
    }
    return row.position;
  }
}
