import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, isId, notFound, type UserEvent, type UserResource } from '@steward/contracts';
import { AggregateRepository, type StoredEvent } from '@steward/event-store';
import { UserAggregate } from '../../user.aggregate';
import { GetUserAsOfQuery } from './get-user-as-of.query';

// A date, optionally with a time and a zone (ISO 8601 / RFC 3339 as clients write them).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseAsOf(value: string): Date {
  const time = ISO_TIME.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new DomainError('invalid_request', 'as_of must be an ISO 8601 time', [{ field: 'as_of', issue: 'format' }]);
  }
  return time;
}

/**
 * `GET /v1/users/{id}?as_of=` — the user rebuilt from the events of its stream that had occurred
 * by then: created_at/updated_at are the times of its first and last of those events, version
 * their count. Before the user existed (or after it was deleted) it is not found.
 */
@QueryHandler(GetUserAsOfQuery)
export class GetUserAsOfHandler implements IQueryHandler<GetUserAsOfQuery, UserResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ orgId, userId, asOf }: GetUserAsOfQuery): Promise<UserResource> {
    const at = parseAsOf(asOf);
    if (!isId('usr', userId)) throw notFound('user');
    // The stored events (not only the folded state): their envelopes carry the organization
    // (another organization's user is not found) and the times of the sign-ins.
    const stored = (await this.repository.store.load(this.dataSource.manager, userId, { asOf: at })) as StoredEvent<UserEvent>[];
    if (stored.length === 0 || stored[0].context.org_id !== orgId) throw notFound('user');
    const user = new UserAggregate(userId).hydrate(
      stored.map((s) => s.event),
      { createdAt: stored[0].occurredAt, updatedAt: stored[stored.length - 1].occurredAt },
    );
    const state = user.state;
    if (!state.exists) throw notFound('user');
    const lastLogin = stored.filter((s) => s.event.type === 'user.signed_in' && s.event.data.success).pop();
    return {
      id: state.id,
      name: state.name,
      email: state.email,
      role: state.role,
      status: state.status,
      workspace_ids: state.workspaceIds,
      last_login_at: lastLogin ? lastLogin.occurredAt.toISOString() : null,
      created_at: (user.createdAt as Date).toISOString(),
      updated_at: (user.updatedAt as Date).toISOString(),
      version: user.version,
    };
  }
}
