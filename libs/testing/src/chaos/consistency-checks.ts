/**
 * What must hold after the faults, read from the real stores: the event stores (each service's
 * `events` table), the audit log, the read tables and the SMTP catcher.
 */
import { Client } from 'pg';
import { EVENT_SOURCED_CONTEXTS } from '@steward/contracts';
import { serviceDatabaseUrl } from '@steward/service-kit';
import type { RecordedRequest, ResourceKind } from './load-generator';

export async function withDatabase<T>(context: Parameters<typeof serviceDatabaseUrl>[0], fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serviceDatabaseUrl(context) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const CONTEXT_OF: Record<ResourceKind, 'identity' | 'workspace' | 'key-vault'> = { user: 'identity', workspace: 'workspace', api_key: 'key-vault' };
const EVENT_OF: Record<ResourceKind, Record<RecordedRequest['op'], string>> = {
  user: { create: 'user.created', update: 'user.updated', delete: 'user.deleted' },
  workspace: { create: 'workspace.created', update: 'workspace.updated', delete: 'workspace.deleted' },
  api_key: { create: 'api_key.created', update: 'api_key.rotated', delete: 'api_key.revoked' },
};

interface StoredEvent {
  stream_id: string;
  version: number;
  type: string;
}

/**
 * Every command answered 2xx is in its service's event store: its event type on the resource's
 * stream (as many of them as 2xx answers asked for), and at the version the answer reported.
 * Returns one line per acknowledged command that is not there (the lost ones).
 */
export async function lostCommands(requests: readonly RecordedRequest[]): Promise<string[]> {
  const acknowledged = requests.filter((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300 && r.resourceId);
  const lost: string[] = [];
  for (const kind of Object.keys(CONTEXT_OF) as ResourceKind[]) {
    const mine = acknowledged.filter((r) => r.kind === kind);
    const ids = [...new Set(mine.map((r) => r.resourceId as string))];
    const events = await withDatabase(CONTEXT_OF[kind], async (db) => (await db.query<StoredEvent>('SELECT stream_id, version, type FROM events WHERE stream_id = ANY($1)', [ids])).rows);
    const byStream = new Map<string, StoredEvent[]>();
    for (const e of events) byStream.set(e.stream_id, [...(byStream.get(e.stream_id) ?? []), e]);
    for (const id of ids) {
      const stream = byStream.get(id) ?? [];
      for (const op of ['create', 'update', 'delete'] as const) {
        const asked = mine.filter((r) => r.resourceId === id && r.op === op);
        const stored = stream.filter((e) => e.type === EVENT_OF[kind][op]).length;
        if (stored < asked.length) lost.push(`${kind} ${id}: ${asked.length} × ${op} answered 2xx, ${stored} ${EVENT_OF[kind][op]} stored`);
        for (const r of asked) {
          if (r.version !== undefined && !stream.some((e) => e.version === r.version && e.type === EVENT_OF[kind][op])) {
            lost.push(`${kind} ${id}: ${r.method} ${r.path} answered version ${r.version}, which the stream does not hold as ${EVENT_OF[kind][op]}`);
          }
        }
      }
    }
  }
  return lost;
}

/** Every event id of the three event stores. */
export async function allEventIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const context of EVENT_SOURCED_CONTEXTS) {
    await withDatabase(context, async (db) => ids.push(...(await db.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map((r) => r.event_id)));
  }
  return ids;
}

/** The audit log against the event stores: events without an entry, and events with more than one. */
export async function auditAgainstEvents(): Promise<{ events: number; entries: number; missing: string[]; duplicated: string[]; unknown: string[] }> {
  const events = await allEventIds();
  const entries = await withDatabase('audit', async (db) => (await db.query<{ event_id: string }>('SELECT event_id FROM audit_entries')).rows.map((r) => r.event_id));
  const counts = new Map<string, number>();
  for (const id of entries) counts.set(id, (counts.get(id) ?? 0) + 1);
  const known = new Set(events);
  return {
    events: events.length,
    entries: entries.length,
    missing: events.filter((id) => !counts.has(id)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    unknown: [...counts.keys()].filter((id) => !known.has(id)),
  };
}

/**
 * A read table against its own event streams (what a rebuild from the event store would give
 * for presence and version): a row for every stream not ended by `deletedType`, none for the
 * others, each at its stream's latest version.
 */
export async function readModelDifferences(kind: ResourceKind, table: string, deletedType: string | null): Promise<string[]> {
  const prefix = { user: 'usr_', workspace: 'ws_', api_key: 'key_' }[kind];
  return withDatabase(CONTEXT_OF[kind], async (db) => {
    const streams = (
      await db.query<{ stream_id: string; version: number; last_type: string }>(
        `SELECT stream_id, max(version)::int AS version, (array_agg(type ORDER BY version DESC))[1] AS last_type FROM events WHERE stream_id LIKE $1 GROUP BY stream_id`,
        [`${prefix}%`],
      )
    ).rows;
    const rows = new Map((await db.query<{ id: string; version: number }>(`SELECT id, version FROM ${table}`)).rows.map((r) => [r.id, r.version]));
    const differences: string[] = [];
    for (const s of streams) {
      const deleted = deletedType !== null && s.last_type === deletedType;
      const row = rows.get(s.stream_id);
      if (deleted && row !== undefined) differences.push(`${table} ${s.stream_id}: deleted in the event store, still in the read table`);
      if (!deleted && row === undefined) differences.push(`${table} ${s.stream_id}: in the event store (version ${s.version}), missing from the read table`);
      if (!deleted && row !== undefined && row !== s.version) differences.push(`${table} ${s.stream_id}: version ${row} in the read table, ${s.version} in the event store`);
      rows.delete(s.stream_id);
    }
    for (const id of rows.keys()) differences.push(`${table} ${id}: in the read table, no stream in the event store`);
    return differences;
  });
}

/** Email jobs not final yet (queued or waiting for a retry). */
export async function pendingEmailJobs(): Promise<number> {
  return withDatabase('notification', async (db) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'retry')`)).rows[0].n));
}
