/**
 * The audit log's completeness and integrity on the real stack: exactly one entry per event of
 * the event stores (no gaps, no duplicates), the hash chain catching an edited or deleted row,
 * the retention purge keeping the chain verifiable, and a rebuild from the event stores giving
 * back the same entries (ids and hashes) while commands keep coming.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EVENT_SOURCED_CONTEXTS, type AuditEntryResource, type Page } from '@steward/contracts';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { apiAs, bootstrapOrganization, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';
import { GENESIS_HASH } from '../audit-log/chain/audit-chain';
import { backDate } from './audit-fixtures';

const repoRoot = path.resolve(__dirname, '../../../..');

interface Verification {
  valid: boolean;
  entries_checked: number;
  first_broken_id: string | null;
}

interface StoredEntry {
  id: string;
  event_id: string;
  occurred_at: Date;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

let audit: Client;

beforeAll(async () => {
  audit = new Client({ connectionString: serviceDatabaseUrl('audit') });
  await audit.connect();
});

afterAll(async () => {
  await audit.end();
});

/** The organization's entries as stored, in chain order. */
async function storedEntries(orgId: string): Promise<StoredEntry[]> {
  const { rows } = await audit.query<StoredEntry>(
    'SELECT id, event_id, occurred_at, content_hash, prev_hash, hash FROM audit_entries WHERE org_id = $1 ORDER BY occurred_at, id',
    [orgId],
  );
  return rows;
}

/** Event ids of the organization in the three event stores (each service's own database). */
async function storedEventIds(orgId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const context of EVENT_SOURCED_CONTEXTS) {
    const store = new Client({ connectionString: serviceDatabaseUrl(context) });
    await store.connect();
    try {
      const { rows } = await store.query<{ event_id: string }>(`SELECT event_id FROM events WHERE metadata->>'org_id' = $1`, [orgId]);
      ids.push(...rows.map((r) => r.event_id));
    } finally {
      await store.end();
    }
  }
  return ids;
}

/** Commands on each event-sourced service, as an admin would run them. */
async function exerciseServices(api: ReturnType<typeof apiAs>, label: string): Promise<void> {
  const workspace = await api.post<{ id: string }>('/v1/workspaces', { name: `${label} workspace` });
  expect(workspace.status).toBe(201);
  const user = await api.post<{ id: string }>('/v1/users', { name: `${label} user`, email: uniqueEmail(label), role: 'viewer', send_invitation: false });
  expect(user.status).toBe(201);
  expect((await api.request('PATCH', `/v1/users/${user.body.id}`, { body: { name: `${label} renamed` } })).status).toBe(200);
  const key = await api.post<{ id: string }>('/v1/api-keys', { name: `${label} key`, scopes: ['users:read'], workspace_id: workspace.body.id });
  expect(key.status).toBe(201);
  expect((await api.request('DELETE', `/v1/api-keys/${key.body.id}`)).status).toBe(204);
  expect((await api.request('DELETE', `/v1/users/${user.body.id}`)).status).toBe(204);
}

/** Waits until the audit log holds at least as many entries as the organization has events. */
async function auditCaughtUp(orgId: string): Promise<{ events: string[]; entries: StoredEntry[] }> {
  return eventually(
    async () => {
      const events = await storedEventIds(orgId);
      const entries = await storedEntries(orgId);
      return entries.length >= events.length ? { events, entries } : undefined;
    },
    { what: 'the audit log to catch up with the event stores', timeoutMs: 30_000 },
  );
}

async function verify(api: ReturnType<typeof apiAs>): Promise<Verification> {
  const res = await api.get<Verification>('/v1/audit-logs/verify');
  expect(res.status).toBe(200);
  return res.body;
}

describe('audit completeness', () => {
  it('has exactly one entry per event of the event stores, no more, none missing', async () => {
    const org = await bootstrapOrganization('Complete Co', uniqueEmail('complete'));
    await exerciseServices(apiAs(org.api_key), 'complete');
    const { events, entries } = await auditCaughtUp(org.organization_id);

    expect(events.length).toBeGreaterThanOrEqual(9); // 3 by bootstrap, 6+ by the commands
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(entries.length);
    expect(entries.map((e) => e.event_id).sort()).toEqual([...events].sort());
    expect(entries.map((e) => e.id).sort()).toEqual(events.map((id) => `aud_${id.slice('evt_'.length)}`).sort());
    // And the API serves exactly those.
    const listed: AuditEntryResource[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page<AuditEntryResource> } = await apiAs(org.api_key).get<Page<AuditEntryResource>>(
        `/v1/audit-logs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      listed.push(...res.body.data);
      cursor = res.body.meta.next_cursor;
    } while (cursor);
    expect(listed.map((e) => e.event_id).sort()).toEqual([...events].sort());
  });
});

describe('audit integrity, retention and rebuild', () => {
  let chained: BootstrapResult;
  let other: BootstrapResult;
  let before: StoredEntry[];

  beforeAll(async () => {
    chained = await bootstrapOrganization('Chained Co', uniqueEmail('chained'));
    other = await bootstrapOrganization('Bystander Co', uniqueEmail('bystander'));
    await exerciseServices(apiAs(chained.api_key), 'chained');
    await exerciseServices(apiAs(other.api_key), 'bystander');
    before = (await auditCaughtUp(chained.organization_id)).entries;
    await auditCaughtUp(other.organization_id);
  });

  it('verifies an untouched chain', async () => {
    expect(await verify(apiAs(chained.api_key))).toEqual({ valid: true, entries_checked: before.length, first_broken_id: null });
    expect(before[0].prev_hash).toBe(GENESIS_HASH);
  });

  it('reports the entry whose content was edited in Postgres, and only in its organization', async () => {
    const victim = before[4];
    const { rows } = await audit.query<{ changes: unknown }>('SELECT changes FROM audit_entries WHERE id = $1', [victim.id]);
    await audit.query(`UPDATE audit_entries SET changes = '{"name": {"from": null, "to": "Mallory"}}' WHERE id = $1`, [victim.id]);

    expect(await verify(apiAs(chained.api_key))).toEqual({ valid: false, entries_checked: 5, first_broken_id: victim.id });
    expect((await verify(apiAs(other.api_key))).valid).toBe(true);

    await audit.query('UPDATE audit_entries SET changes = $2 WHERE id = $1', [victim.id, JSON.stringify(rows[0].changes)]);
    expect((await verify(apiAs(chained.api_key))).valid).toBe(true);
  });

  it('reports the entry after a deleted one', async () => {
    await audit.query('DELETE FROM audit_entries WHERE id = $1', [before[2].id]);
    expect(await verify(apiAs(chained.api_key))).toEqual({ valid: false, entries_checked: 3, first_broken_id: before[3].id });
  });

  it('npm run projections:rebuild -- audit gives back the same entries, while commands keep coming', async () => {
    const api = apiAs(chained.api_key);
    const rebuild = promisify(execFile)('npm', ['run', '-s', 'projections:rebuild', '--', 'audit'], { cwd: repoRoot, env: process.env, timeout: 120_000 });
    // Live traffic during the rebuild: its entries must land exactly once, in the new table.
    let done = false;
    const created: string[] = [];
    const traffic = (async () => {
      while (!done) {
        const res = await api.post<{ id: string }>('/v1/workspaces', { name: `during rebuild ${created.length}` });
        expect(res.status).toBe(201);
        created.push(res.body.id);
      }
    })();
    const { stdout } = await rebuild.finally(() => (done = true));
    await traffic;
    const summary = JSON.parse(stdout.trim()) as { events: number; entries: number };
    expect(summary.entries).toBeGreaterThan(0);

    const after = await auditCaughtUp(chained.organization_id);
    const pick = (e: StoredEntry) => ({ id: e.id, content_hash: e.content_hash, prev_hash: e.prev_hash, hash: e.hash });
    // The deleted entry is back, and every entry is as before: ids and hashes.
    expect(after.entries.slice(0, before.length).map(pick)).toEqual(before.map(pick));
    expect(after.entries.map((e) => e.event_id).sort()).toEqual([...after.events].sort());
    expect(created.length).toBeGreaterThan(0);
    // Through the API, every page of them (more than one page when the rebuild took a while).
    const listed: AuditEntryResource[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { status: number; body: Page<AuditEntryResource> } = await api.get<Page<AuditEntryResource>>(
        `/v1/audit-logs?action=workspace.create&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      listed.push(...page.body.data);
      cursor = page.body.meta.next_cursor;
    }
    for (const id of created) expect(listed.filter((e) => e.target.id === id)).toHaveLength(1);
    expect(await verify(api)).toEqual({ valid: true, entries_checked: after.entries.length, first_broken_id: null });
    expect((await verify(apiAs(other.api_key))).valid).toBe(true);
  });

  it('purges entries past the retention and keeps the chain verifiable from its anchor', async () => {
    const api = apiAs(chained.api_key);
    const orgId = chained.organization_id;
    const entries = await storedEntries(orgId);
    const purged = entries.slice(0, 3);
    await backDate(audit, orgId, purged.map((e) => e.id), 100);
    expect(await verify(api)).toEqual({ valid: true, entries_checked: entries.length, first_broken_id: null });

    // The purge runs every second in the test stack (AUDIT_RETENTION_SWEEP_MS).
    const kept = await eventually(
      async () => {
        const now = await storedEntries(orgId);
        return now.length === entries.length - purged.length ? now : undefined;
      },
      { what: 'the retention purge' },
    );
    expect(kept.map((e) => e.id)).toEqual(entries.slice(3).map((e) => e.id));
    const { rows: anchors } = await audit.query<{ hash: string; entry_id: string }>('SELECT hash, entry_id FROM audit_anchors WHERE org_id = $1', [orgId]);
    expect(anchors).toHaveLength(1);
    expect(anchors[0].hash).toBe(kept[0].prev_hash);
    expect(await verify(api)).toEqual({ valid: true, entries_checked: kept.length, first_broken_id: null });

    // New entries link on; tampering with the first kept one still shows.
    const res = await api.post<{ id: string }>('/v1/workspaces', { name: 'after the purge' });
    await eventually(async () => ((await storedEntries(orgId)).length === kept.length + 1 ? true : undefined), { what: 'the new entry' });
    expect(await verify(api)).toEqual({ valid: true, entries_checked: kept.length + 1, first_broken_id: null });
    expect(res.status).toBe(201);
    await audit.query(`UPDATE audit_entries SET prev_hash = $2 WHERE id = $1`, [kept[0].id, GENESIS_HASH]);
    expect(await verify(api)).toEqual({ valid: false, entries_checked: 1, first_broken_id: kept[0].id });
  });
});
