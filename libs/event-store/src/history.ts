import type { DataSource } from 'typeorm';
import { decodeCursor, DomainError, jsonBytes, limitByBytes, toPage, type Page, type StreamEventResource } from '@steward/contracts';
import type { PostgresEventStore, StoredEvent } from './event-store';

/** An event as `GET /v1/<resource>/{id}/history` shows it (events hold no secrets). */
export function toStreamEventResource(s: StoredEvent): StreamEventResource {
  return {
    id: s.eventId,
    type: s.event.type,
    version: s.version,
    occurred_at: s.occurredAt.toISOString(),
    actor: s.context.actor,
    request_id: s.context.request_id ?? null,
    data: s.event.data as Record<string, unknown>,
  };
}

/**
 * The one history mechanism for every aggregate: a stream's events, oldest first, with a cursor
 * on the stream version. `orgId` scopes it: another organization's stream is not found. A page
 * of large events (a template's content before and after) ends early so that it stays one Kafka
 * message (`limitByBytes`).
 */
export async function streamHistory(
  dataSource: DataSource,
  store: PostgresEventStore,
  streamId: string,
  orgId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<StreamEventResource>> {
  let afterVersion = 0;
  if (page.cursor) {
    afterVersion = Number(decodeCursor(page.cursor).k);
    if (!Number.isInteger(afterVersion) || afterVersion < 0) {
      throw new DomainError('invalid_request', 'cursor is not valid', [{ field: 'cursor', issue: 'invalid' }]);
    }
  }
  const events = await store.history(dataSource.manager, streamId, { limit: page.limit, afterVersion });
  if (events.length === 0 && afterVersion === 0) throw new DomainError('not_found', 'not found');
  if (events.some((e) => e.context.org_id !== orgId)) throw new DomainError('not_found', 'not found');
  const limit = limitByBytes(events, page.limit, undefined, (e) => jsonBytes(e.event.data));
  return toPage(events, limit, (e) => String(e.version), toStreamEventResource);
}
