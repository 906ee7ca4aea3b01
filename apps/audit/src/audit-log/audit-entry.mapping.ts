import {
  DomainError,
  ID_PREFIXES,
  isId,
  type Actor,
  type AuditEntryResource,
  type Changes,
  type CloudEvent,
  type EventDefinition,
} from '@steward/contracts';

/** Values of one `audit_entries` row as the projection inserts it (`recorded_at` is the database's). */
export interface AuditEntryValues {
  id: string;
  org_id: string;
  action: string;
  actor_type: Actor['type'];
  actor_id: string;
  target_type: string;
  target_id: string;
  workspace_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  changes: Changes;
  /** ISO 8601 UTC with milliseconds: the precision of the API and of the list cursor. */
  occurred_at: string;
  event_id: string;
  event_type: string;
}

/** An `audit_entries` row as the list query reads it. */
export interface AuditEntryRow {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string;
  target_type: string;
  target_id: string;
  workspace_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  changes: Changes;
  occurred_at: Date;
  event_id: string;
}

/**
 * The id of the audit entry of an event: the event id's TypeID suffix under the `aud` prefix
 * (`evt_01h…` → `aud_01h…`), so replaying the events gives every entry the same id again.
 * Undefined when `eventId` is not an event id.
 */
export function auditEntryIdFor(eventId: string): string | undefined {
  if (!isId(ID_PREFIXES.event, eventId)) return undefined;
  return `${ID_PREFIXES.auditEntry}_${eventId.slice(ID_PREFIXES.event.length + 1)}`;
}

/**
 * The audit entry an event records, read through the event's registry definition (action,
 * target, workspace, changes) and its envelope (org, actor, request, client, time). Either
 * `entry` or, when the event cannot make a valid entry, `reason` (which never quotes values).
 * A pure function of the event: the live projection and a rebuild make the same entry.
 */
export function auditEntryFromEvent(event: CloudEvent, definition: EventDefinition | undefined): { entry?: AuditEntryValues; reason?: string } {
  if (!definition || definition.type !== event.type) return { reason: `no event definition for type ${event.type}` };
  const id = auditEntryIdFor(event.id);
  if (!id) return { reason: 'id is not an event id' };
  const time = Date.parse(event.time);
  if (Number.isNaN(time)) return { reason: 'time is not a valid timestamp' };
  let target: { type: string; id: string };
  let workspaceId: string | null;
  let changes: Changes;
  try {
    target = definition.audit.target(event.data, event.subject);
    workspaceId = definition.audit.workspaceId?.(event.data) ?? null;
    changes = definition.audit.changes(event.data);
  } catch (error) {
    return { reason: `audit mapping of ${event.type} failed: ${(error as Error)?.name ?? 'error'}` };
  }
  return {
    entry: {
      id,
      org_id: event.orgid,
      action: definition.audit.action,
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      target_type: target.type,
      target_id: target.id,
      workspace_id: workspaceId,
      request_id: event.requestid ?? null,
      ip: event.ip ?? null,
      user_agent: event.useragent ?? null,
      changes,
      occurred_at: new Date(time).toISOString(),
      event_id: event.id,
      event_type: event.type,
    },
  };
}

export function toAuditEntryResource(row: AuditEntryRow): AuditEntryResource {
  return {
    id: row.id,
    action: row.action,
    actor: { type: row.actor_type as Actor['type'], id: row.actor_id },
    target: { type: row.target_type, id: row.target_id },
    workspace_id: row.workspace_id,
    request_id: row.request_id,
    ip: row.ip,
    user_agent: row.user_agent,
    changes: row.changes,
    occurred_at: new Date(row.occurred_at).toISOString(),
    event_id: row.event_id,
  };
}

/** Keyset position of a row in the list order (occurred_at desc, id desc): `<ISO time>|<id>`. */
export function auditCursorKey(row: Pick<AuditEntryRow, 'occurred_at' | 'id'>): string {
  return `${new Date(row.occurred_at).toISOString()}|${row.id}`;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Reads a cursor key written by `auditCursorKey`; anything else is an `invalid_request`. */
export function parseAuditCursorKey(key: string): { occurredAt: string; id: string } {
  const parts = key.split('|');
  const [occurredAt, id] = parts;
  if (parts.length !== 2 || !CURSOR_TIME.test(occurredAt) || Number.isNaN(Date.parse(occurredAt)) || !isId(ID_PREFIXES.auditEntry, id)) {
    throw new DomainError('invalid_request', 'cursor is not valid', [{ field: 'cursor', issue: 'invalid' }]);
  }
  return { occurredAt, id };
}
