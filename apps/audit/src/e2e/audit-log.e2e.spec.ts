/**
 * The audit log through the gateway on the real stack: an entry per command of each service,
 * every filter, newest-first cursor pagination, and the export in both formats.
 */
import { Client } from 'pg';
import type { AuditEntryResource, Page } from '@steward/contracts';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { apiAs, bootstrapOrganization, eventually, gatewayUrl, uniqueEmail, type ApiResponse, type BootstrapResult } from '@steward/testing';
import { VERIFY_STRETCH } from '../audit-log/queries/verify-audit-chain/verify-audit-chain.handler';
import { seedEntries } from './audit-fixtures';

let org: BootstrapResult;
let api: ReturnType<typeof apiAs>;
/** The admin key's id: the actor of every command below. */
let adminKeyId: string;

const USER_AGENT = '=cmd|calc!A0 steward-e2e'; // also a would-be spreadsheet formula, for the CSV export

interface Command {
  res: ApiResponse<{ id: string }>;
  requestId: string;
}

let workspace: Command;
let user: Command;
let userUpdate: Command;
let apiKey: Command;
/** Between the workspace's creation and the user's. */
let middleTime: string;

async function command(method: string, path: string, body: unknown): Promise<Command> {
  const requestId = `e2e-audit-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const res = await api.request<{ id: string }>(method, path, { body, headers: { 'x-request-id': requestId, 'user-agent': USER_AGENT } });
  expect(res.status).toBeLessThan(300);
  return { res, requestId };
}

async function list(query: string): Promise<ApiResponse<Page<AuditEntryResource>>> {
  return api.get<Page<AuditEntryResource>>(`/v1/audit-logs${query}`);
}

/** Every entry of the query, page by page (newest first). */
async function listAll(query: string, limit = 100): Promise<AuditEntryResource[]> {
  const entries: AuditEntryResource[] = [];
  let cursor: string | null = null;
  do {
    const sep: string = query ? '&' : '?';
    const res = await list(`${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    entries.push(...res.body.data);
    cursor = res.body.meta.next_cursor;
  } while (cursor);
  return entries;
}

const entryOf = (entries: AuditEntryResource[], action: string, targetId: string) => entries.find((e) => e.action === action && e.target.id === targetId);

beforeAll(async () => {
  org = await bootstrapOrganization('Audit Log Co', uniqueEmail('audit-owner'));
  api = apiAs(org.api_key);
  workspace = await command('POST', '/v1/workspaces', { name: 'Audited Workspace' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  middleTime = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  user = await command('POST', '/v1/users', { name: 'Audited User', email: uniqueEmail('audited'), role: 'viewer', send_invitation: false });
  userUpdate = await command('PATCH', `/v1/users/${user.res.body.id}`, { name: 'Audited, "Renamed" User' });
  apiKey = await command('POST', '/v1/api-keys', { name: 'audited key', scopes: ['users:read'], workspace_id: workspace.res.body.id });
  // The last command's entry listed: the earlier ones are (each service's relay is ordered, but
  // they are three topics, so wait for each).
  const all = await eventually(
    async () => {
      const entries = await listAll('');
      const expected = [
        ['workspace.create', workspace.res.body.id],
        ['user.create', user.res.body.id],
        ['user.update', user.res.body.id],
        ['api_key.create', apiKey.res.body.id],
      ];
      return expected.every(([action, target]) => entryOf(entries, action, target)) ? entries : undefined;
    },
    { what: 'the audit entries of every command' },
  );
  adminKeyId = (entryOf(all, 'workspace.create', workspace.res.body.id) as AuditEntryResource).actor.id;
});

describe('GET /v1/audit-logs', () => {
  it('has one entry per command of each service, with actor, target, workspace, request, client and changes', async () => {
    const entries = await listAll('');
    const expectations: [Command, string, { type: string; id: string }, string | null][] = [
      [workspace, 'workspace.create', { type: 'workspace', id: workspace.res.body.id }, workspace.res.body.id],
      [user, 'user.create', { type: 'user', id: user.res.body.id }, null],
      [userUpdate, 'user.update', { type: 'user', id: user.res.body.id }, null],
      [apiKey, 'api_key.create', { type: 'api_key', id: apiKey.res.body.id }, workspace.res.body.id],
    ];
    for (const [cmd, action, target, workspaceId] of expectations) {
      const matching = entries.filter((e) => e.request_id === cmd.requestId);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({
        action,
        actor: { type: 'api_key', id: adminKeyId },
        target,
        workspace_id: workspaceId,
        request_id: cmd.requestId,
        ip: '127.0.0.1',
        user_agent: USER_AGENT,
      });
      // The entry id is the event id's suffix: a replay gives the same id.
      expect(matching[0].id).toBe(`aud_${matching[0].event_id.slice('evt_'.length)}`);
    }
    expect(entryOf(entries, 'user.update', user.res.body.id)?.changes).toEqual({ name: { from: 'Audited User', to: 'Audited, "Renamed" User' } });
    expect(entryOf(entries, 'user.create', user.res.body.id)?.changes).toMatchObject({ role: { from: null, to: 'viewer' } });
    // No secret in the key's entry (its display prefix is public).
    const keyEntry = JSON.stringify(entryOf(entries, 'api_key.create', apiKey.res.body.id));
    expect(keyEntry).not.toContain((apiKey.res.body as { id: string; secret?: string }).secret);
    expect(keyEntry).not.toContain('secret_hash');
  });

  it('filters by action, user (actor or target), target, workspace and time window', async () => {
    const userId = user.res.body.id;
    const byAction = await listAll('?action=user.update');
    expect(byAction.map((e) => e.target.id)).toEqual([userId]);

    const byUser = await listAll(`?user_id=${userId}`);
    expect(byUser.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    // As actor: everything the admin key did (bootstrap's commands were the system's); as
    // target: its own creation by bootstrap.
    const byActor = await listAll(`?user_id=${adminKeyId}`);
    expect(byActor.map((e) => [e.action, e.actor.type])).toEqual([
      ['api_key.create', 'api_key'],
      ['user.update', 'api_key'],
      ['user.create', 'api_key'],
      ['workspace.create', 'api_key'],
      ['api_key.create', 'system'],
    ]);

    const byTarget = await listAll(`?target_id=${workspace.res.body.id}`);
    expect(byTarget.map((e) => e.action)).toEqual(['workspace.create']);

    const byWorkspace = await listAll(`?workspace_id=${workspace.res.body.id}`);
    expect(byWorkspace.map((e) => e.action)).toEqual(['api_key.create', 'workspace.create']);

    const combined = await listAll(`?user_id=${adminKeyId}&workspace_id=${workspace.res.body.id}&action=api_key.create`);
    expect(combined.map((e) => e.target.id)).toEqual([apiKey.res.body.id]);

    const after = await listAll(`?user_id=${adminKeyId}&start_time=${encodeURIComponent(middleTime)}`);
    expect(after.map((e) => e.action)).toEqual(['api_key.create', 'user.update', 'user.create']);
    const before = await listAll(`?user_id=${adminKeyId}&end_time=${encodeURIComponent(middleTime)}`);
    expect(before.map((e) => e.action)).toEqual(['workspace.create', 'api_key.create']);
  });

  it.each([
    ['start_time=yesterday', 'start_time'],
    ['end_time=2026-13-45T00:00:00Z', 'end_time'],
    ['start_time=2026-11-02T00:00:00Z&end_time=2026-11-01T00:00:00Z', 'start_time'],
  ])('answers 400 for the bad time %s', async (query, field) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ field })] } });
  });

  it('pages newest first with a cursor, without skipping or repeating an entry', async () => {
    const whole = await listAll('', 100);
    const paged = await listAll('', 2);
    expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
    const keys = paged.map((e) => `${e.occurred_at}|${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(paged.length).toBeGreaterThanOrEqual(7); // bootstrap's three and the four commands
  });
});

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

async function exportAs(query: string, key = org.api_key): Promise<Response> {
  return fetch(`${gatewayUrl()}/v1/audit-logs/export${query}`, { headers: { authorization: `Bearer ${key}` } });
}

describe('GET /v1/audit-logs/export', () => {
  it('streams every entry as NDJSON, newest first, as the list shows them', async () => {
    const res = await exportAs('?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-logs\.ndjson"$/);
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntryResource);
    expect(lines).toEqual(await listAll(''));
  });

  it('applies the filters', async () => {
    const res = await exportAs(`?format=ndjson&user_id=${user.res.body.id}`);
    const lines = (await res.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntryResource);
    expect(lines.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    const none = await exportAs(`?format=csv&action=no.such.action`);
    expect(await none.text()).toBe('id,occurred_at,action,actor_type,actor_id,target_type,target_id,workspace_id,request_id,ip,user_agent,changes,event_id\r\n');
  });

  it('streams CSV: a header and one escaped row per entry, formulas defused', async () => {
    const res = await exportAs('?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-logs.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['id', 'occurred_at', 'action', 'actor_type', 'actor_id', 'target_type', 'target_id', 'workspace_id', 'request_id', 'ip', 'user_agent', 'changes', 'event_id']);
    const entries = await listAll('');
    expect(rows.map((r) => r[0])).toEqual(entries.map((e) => e.id));
    const update = rows.find((r) => r[2] === 'user.update') as string[];
    const listed = entryOf(entries, 'user.update', user.res.body.id) as AuditEntryResource;
    expect(update).toEqual([
      listed.id,
      listed.occurred_at,
      'user.update',
      'api_key',
      adminKeyId,
      'user',
      user.res.body.id,
      '',
      userUpdate.requestId,
      '127.0.0.1',
      `'${USER_AGENT}`,
      JSON.stringify(listed.changes),
      listed.event_id,
    ]);
  });

  it('answers 400 for an unknown format or a list-only parameter, 403 without audit:read', async () => {
    const bad = await exportAs('?format=xml');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'format' }] } });
    const limited = await exportAs('?format=csv&limit=5');
    expect(limited.status).toBe(400);
    const badTime = await exportAs('?format=csv&start_time=soon');
    expect(badTime.status).toBe(400);
    const reader = await api.post<{ secret: string }>('/v1/api-keys', { name: 'no audit', scopes: ['users:read'] });
    const forbidden = await exportAs('?format=ndjson', reader.body.secret);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'insufficient_scope' } });
  });
});

describe('GET /v1/audit-logs/verify', () => {
  it('checks the whole chain of the organization', async () => {
    const entries = await listAll('');
    const res = await api.get<{ valid: boolean; entries_checked: number; first_broken_id: string | null }>('/v1/audit-logs/verify');
    expect(res.status).toBe(200);
    // The reader key made above adds its own entry once projected: at least what was listed.
    expect(res.body.valid).toBe(true);
    expect(res.body.first_broken_id).toBeNull();
    expect(res.body.entries_checked).toBeGreaterThanOrEqual(entries.length);
  });
});

describe('a long history', () => {
  // More entries than one verify stretch and than fifty export pages: written straight into the
  // audit database (creating them through the API would take minutes), linked as the projection
  // links them.
  const SEEDED = VERIFY_STRETCH + 10;
  let db: Client;
  let longApi: ReturnType<typeof apiAs>;
  let longKey: string;
  let seeded: string[];
  let total: number;

  beforeAll(async () => {
    const long = await bootstrapOrganization('Long History Co', uniqueEmail('long'));
    longKey = long.api_key;
    longApi = apiAs(longKey);
    // Bootstrap's three entries first, so that the seeded ones are linked in before them.
    await eventually(async () => ((await longApi.get<Page<AuditEntryResource>>('/v1/audit-logs')).body.data.length >= 3 ? true : undefined), {
      what: 'the bootstrap entries',
    });
    db = new Client({ connectionString: serviceDatabaseUrl('audit') });
    await db.connect();
    seeded = await seedEntries(db, long.organization_id, SEEDED, new Date(Date.now() - 86_400_000));
    total = SEEDED + 3;
  }, 120_000);

  afterAll(async () => {
    await db.end();
  });

  it('verifies the chain stretch by stretch, and finds a broken entry past the first stretch', async () => {
    const valid = await longApi.get('/v1/audit-logs/verify');
    expect(valid.body).toEqual({ valid: true, entries_checked: total, first_broken_id: null });

    const victim = seeded[VERIFY_STRETCH + 4];
    await db.query(`UPDATE audit_entries SET target_id = 'usr_someone_else' WHERE id = $1`, [victim]);
    const broken = await longApi.get('/v1/audit-logs/verify');
    expect(broken.body).toEqual({ valid: false, entries_checked: VERIFY_STRETCH + 5, first_broken_id: victim });
    await db.query(`UPDATE audit_entries SET target_id = 'usr_seed' WHERE id = $1`, [victim]);
  });

  it('exports every entry across many pages, newest first, each once', async () => {
    const ndjson = await (await exportAs('?format=ndjson', longKey)).text();
    const lines = ndjson.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntryResource);
    expect(lines).toHaveLength(total);
    expect(new Set(lines.map((e) => e.id)).size).toBe(total);
    expect(lines.slice(3).map((e) => e.id)).toEqual([...seeded].reverse());
    const firstPage = await longApi.get<Page<AuditEntryResource>>('/v1/audit-logs?limit=100');
    expect(lines.slice(0, 100)).toEqual(firstPage.body.data);

    const csv = await (await exportAs('?format=csv&action=user.update', longKey)).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(SEEDED + 1);
  });
});
