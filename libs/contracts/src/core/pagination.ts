import { DomainError } from './errors';

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
    if (parsed && typeof parsed === 'object' && typeof (parsed as CursorPosition).k === 'string') {
      return parsed as CursorPosition;
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_request', 'cursor is not valid', [{ field: 'cursor', issue: 'invalid' }]);
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only says whether more exist.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => string, map: (row: R) => T): Page<T> {
  const has_more = rows.length > limit;
  const pageRows = has_more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    meta: { next_cursor: has_more && last ? encodeCursor({ k: keyOf(last) }) : null, has_more },
  };
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
