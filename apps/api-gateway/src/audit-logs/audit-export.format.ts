import type { AuditEntryResource } from '@steward/contracts';

/** NDJSON: one entry, as the list shows it, per line. */
export function ndjsonLine(entry: AuditEntryResource): string {
  return `${JSON.stringify(entry)}\n`;
}

/** CSV columns: the entry flattened (`actor.type` → `actor_type`; `changes` as JSON text). */
export const CSV_COLUMNS = [
  'id',
  'occurred_at',
  'action',
  'actor_type',
  'actor_id',
  'target_type',
  'target_id',
  'workspace_id',
  'request_id',
  'ip',
  'user_agent',
  'changes',
  'event_id',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return — a user agent or a name can be anything) gets a leading `'` (OWASP's
 * advice against CSV injection); no value Steward itself writes starts that way.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(entry: AuditEntryResource): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string | null> = {
    id: entry.id,
    occurred_at: entry.occurred_at,
    action: entry.action,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    target_type: entry.target.type,
    target_id: entry.target.id,
    workspace_id: entry.workspace_id,
    request_id: entry.request_id,
    ip: entry.ip,
    user_agent: entry.user_agent,
    changes: JSON.stringify(entry.changes),
    event_id: entry.event_id,
  };
  return `${CSV_COLUMNS.map((column) => csvField(values[column])).join(',')}\r\n`;
}
