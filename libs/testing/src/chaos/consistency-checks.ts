/**
 * What must hold after the faults, read from the real stores: the event stores (each service's
 * `events` table), the audit log, the read tables (against a rebuild) and the SMTP catcher.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { EVENT_SOURCED_CONTEXTS } from '@steward/contracts';
import { serviceDatabaseUrl } from '@steward/service-kit';
import type { RecordedRequest, ResourceKind } from './load-generator';

const repoRoot = path.resolve(__dirname, '../../../..');

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

interface VerifySummary {
  service: string;
  equal: boolean;
  tables?: { table: string; live_only: number; rebuild_only: number; differing: number; sample: { key: Record<string, unknown>; side: string; columns?: string[] }[] }[];
  replay_error?: { event_id: string; type: string; message: string };
  error?: { message?: string };
}

const SIDE: Record<string, string> = {
  live_only: 'in the live table, not in the rebuild',
  rebuild_only: 'in the rebuild, not in the live table',
  differing: 'differs in',
};

/**
 * The read tables of identity, workspace and key-vault against a rebuild from their event
 * stores: the real `npm run projections:verify` of each (it replays the store through the
 * service's own projections into scratch tables and compares every row, changing nothing), run
 * on the databases `serviceDatabaseUrl` names (the child reads the same environment). Returns
 * one line per differing row it names (at most 20 per table and side, then one line for the
 * rest), per refused event, or per check that could not run.
 */
export async function readModelsAgainstRebuild(): Promise<string[]> {
  const differences: string[] = [];
  for (const context of EVENT_SOURCED_CONTEXTS) {
    const stdout = await new Promise<string>((resolve) => {
      // Exit 1 means differences: the summary on stdout says which.
      execFile('npm', ['run', '-s', 'projections:verify', '--', context], { cwd: repoRoot, env: process.env, timeout: 600_000, maxBuffer: 64 << 20 }, (_error, out) =>
        resolve(String(out)),
      );
    });
    const line = stdout.trim().split('\n').pop() ?? '';
    const before = differences.length;
    let summary: VerifySummary;
    try {
      summary = JSON.parse(line) as VerifySummary;
    } catch {
      differences.push(`${context}: projections:verify printed no summary (${line.slice(0, 200)})`);
      continue;
    }
    if (summary.error) differences.push(`${context}: the check could not run: ${summary.error.message}`);
    if (summary.replay_error) differences.push(`${context}: the replay stopped at ${summary.replay_error.type} ${summary.replay_error.event_id}: ${summary.replay_error.message}`);
    for (const t of summary.tables ?? []) {
      for (const row of t.sample) differences.push(`${context} ${t.table} ${JSON.stringify(row.key)}: ${SIDE[row.side] ?? row.side}${row.columns ? ` ${row.columns.join(', ')}` : ''}`);
      const more = t.live_only + t.rebuild_only + t.differing - t.sample.length;
      if (more > 0) differences.push(`${context} ${t.table}: ${more} more rows differ`);
    }
    if (!summary.equal && differences.length === before) differences.push(`${context}: not equal`);
  }
  return differences;
}

/** Email jobs not final yet (queued or waiting for a retry). */
export async function pendingEmailJobs(): Promise<number> {
  return withDatabase('notification', async (db) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'retry')`)).rows[0].n));
}
