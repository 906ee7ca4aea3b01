import { DomainError } from './errors';
import { hasUnstorableText, jsonBytes } from './json';

/** Pagination rules of API.md: `limit` 1..100 (default 20), opaque `cursor`. */
export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  meta: { next_cursor: string | null; has_more: boolean };
}

/** Position after which the next page starts: the sort key of the last row returned. */
export interface CursorPosition {
  /** Sort key (an id, or an ISO time joined with an id). */
  k: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as CursorPosition).k === 'string' && !hasUnstorableText((parsed as CursorPosition).k)) {
      return parsed as CursorPosition;
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_request', 'cursor is not valid', [{ field: 'cursor', issue: 'invalid' }]);
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only says whether more exist.
 * `cursorOf` turns the last row's key into `next_cursor` (opaque by default; the event feed
 * hands out the last event id itself, which its `after` parameter takes).
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => string,
  map: (row: R) => T,
  cursorOf: (key: string) => string = (k) => encodeCursor({ k }),
): Page<T> {
  const has_more = rows.length > limit;
  const pageRows = has_more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    meta: { next_cursor: has_more && last ? cursorOf(keyOf(last)) : null, has_more },
  };
}

/**
 * Most JSON a page of large items (template contents, their history) may hold. Pages travel as
 * one Kafka message (RPC reply) and Kafka refuses messages over 1 MiB by default.
 */
export const PAGE_MAX_BYTES = 640 * 1024;

/**
 * How many of `rows` a page takes so that they stay within `maxBytes` of JSON (measured by
 * `sizeOf`, compact JSON by default): at most `limit`, and at least one, so paging always moves
 * on. Pass the answer to `toPage` as its limit: a page cut short says `has_more` and its cursor
 * continues after the last row it holds.
 */
export function limitByBytes<R>(rows: R[], limit: number, maxBytes = PAGE_MAX_BYTES, sizeOf: (row: R) => number = jsonBytes): number {
  let total = 0;
  const count = Math.min(limit, rows.length);
  for (let i = 0; i < count; i++) {
    total += sizeOf(rows[i]);
    if (total > maxBytes) return Math.max(i, 1);
  }
  return limit;
}

/** One event of a resource's history (`GET /v1/<resource>/{id}/history`). */
export interface StreamEventResource {
  id: string;
  type: string;
  version: number;
  occurred_at: string;
  actor: { type: string; id: string };
  request_id: string | null;
  data: Record<string, unknown>;
}
