/**
 * The read tables of identity, workspace and key-vault equal a rebuild from their event stores:
 * after real activity through the API (every kind of command, cascades and cross-service
 * reactions included) the real `npm run projections:verify -- all` replays each store through the
 * service's own projections and finds every row the same, also while commands keep coming; a row
 * edited or deleted directly in Postgres is reported by its key, without its values, and the
 * check itself changes nothing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { InvitationResource, Page, WorkspaceMemberResource } from '@steward/contracts';
import type { ReadModelVerification } from '@steward/event-store';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult, invitationTokens } from '@steward/testing';

const repoRoot = path.resolve(__dirname, '../../../..');
/** Across services (Kafka consumers), the first event of a run may wait for a group to form. */
const ACROSS = { timeoutMs: 30000 };
/** One line of the command's output: a service's verification, or why it could not run. */
type Summary = Pick<ReadModelVerification, 'equal' | 'events' | 'tables' | 'replay_error'> & { service: string; error?: unknown };

/** The real command, as an operator runs it: exit code, one summary per service, the log. */
function verify(...args: string[]): Promise<{ code: number; summaries: Summary[]; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'projections:verify', '--', ...args], { cwd: repoRoot, env: process.env, timeout: 180_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      const summaries = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Summary);
      resolve({ code, summaries, stdout, stderr });
    });
  });
}

const table = (summary: Summary | undefined, name: string) => summary?.tables.find((t) => t.table === name);

type Api = ReturnType<typeof apiAs>;
let org: BootstrapResult;
let api: Api;

/** One call that must answer `status`; its body. */
async function call<T = { id: string }>(method: string, path: string, body: unknown, status: number | number[]): Promise<T> {
  const res = await api.request<T>(method, path, body === undefined ? {} : { body });
  if (!(Array.isArray(status) ? status : [status]).includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body;
}

const tokenFor = async (address: string): Promise<string> => (await invitationTokens(address))[0];

async function isMember(workspaceId: string, userId: string): Promise<boolean> {
  const res = await api.get<Page<WorkspaceMemberResource>>(`/v1/workspaces/${workspaceId}/members?limit=100`);
  return res.status === 200 && res.body.data.some((m) => m.user_id === userId);
}

const stamp = Date.now().toString(36);
let alice: { id: string };
let aliceSignIn: { id: string };

beforeAll(async () => {
  org = await bootstrapOrganization('Rebuild Verify Co', uniqueEmail('verify-owner'));
  api = apiAs(org.api_key);

  // Identity: roles, users (updated, deactivated, deleted), sign-ins, invitations, managers.
  const role = await call('POST', '/v1/roles', { name: `Verify auditor ${stamp}`, description: 'reads', permissions: ['users:read'] }, 201);
  await call('PATCH', `/v1/roles/${role.id}`, { description: 'reads users' }, 200);
  const unused = await call('POST', '/v1/roles', { name: `Verify unused ${stamp}`, permissions: ['users:read'] }, 201);
  await call('DELETE', `/v1/roles/${unused.id}`, undefined, 204);

  alice = await call('POST', '/v1/users', { name: 'Alice Verify', email: uniqueEmail('verify-alice'), role: 'viewer', send_invitation: false }, 201);
  await call('PATCH', `/v1/users/${alice.id}`, { name: 'Alice V.', role: role.id }, 200);
  await call('PATCH', `/v1/users/${alice.id}`, { status: 'inactive' }, 200);
  await call('PATCH', `/v1/users/${alice.id}`, { status: 'active' }, 200);
  aliceSignIn = await call('POST', `/v1/users/${alice.id}/sign-ins`, { ip: '203.0.113.7', user_agent: 'Mozilla/5.0', method: 'password', success: true }, 201);
  await call('POST', `/v1/users/${alice.id}/sign-ins`, { ip: '2001:db8::1', method: 'sso', success: false }, 201);

  const bob = await call('POST', '/v1/users', { name: 'Bob Invited', email: uniqueEmail('verify-bob'), role: 'editor' }, 201);
  await call('POST', `/v1/users/${bob.id}/resend-invitation`, {}, [200, 201]);
  const carol = await call('POST', '/v1/users', { name: 'Carol Revoked', email: uniqueEmail('verify-carol'), role: 'viewer' }, 201);
  const carolInvitation = await eventually(async () => {
    const res = await api.get<Page<InvitationResource>>('/v1/invitations?status=pending&limit=100');
    return res.body.data.find((i) => i.user_id === carol.id);
  }, { what: "carol's invitation" });
  await call('DELETE', `/v1/invitations/${carolInvitation.id}`, undefined, 204);
  const dave = await call('POST', '/v1/users', { name: 'Dave Deleted', email: uniqueEmail('verify-dave'), role: 'viewer', send_invitation: false }, 201);
  await call('DELETE', `/v1/users/${dave.id}`, undefined, 204);

  // Workspace: a tree (renamed, moved, a leaf and a subtree deleted), members, templates.
  const wsA = await call('POST', '/v1/workspaces', { name: `Verify A ${stamp}` }, 201);
  const wsB = await call('POST', '/v1/workspaces', { name: `Verify B ${stamp}`, parent_id: wsA.id }, 201);
  const wsC = await call('POST', '/v1/workspaces', { name: `Verify C ${stamp}` }, 201);
  await call('PATCH', `/v1/workspaces/${wsB.id}`, { name: `Verify B renamed ${stamp}` }, 200);
  await call('PATCH', `/v1/workspaces/${wsB.id}`, { parent_id: wsC.id }, 200);
  const leaf = await call('POST', '/v1/workspaces', { name: `Verify leaf ${stamp}`, parent_id: wsB.id }, 201);
  await call('DELETE', `/v1/workspaces/${leaf.id}`, undefined, 204);
  const doomed = await call('POST', '/v1/workspaces', { name: `Verify doomed ${stamp}` }, 201);
  await call('POST', '/v1/workspaces', { name: `Verify doomed child ${stamp}`, parent_id: doomed.id }, 201);

  const managed = await call('POST', '/v1/managers', { user_id: alice.id, role_id: 'editor', workspace_ids: [wsA.id] }, 201);
  await call('PATCH', `/v1/managers/${managed.id}`, { role_id: 'admin' }, 200);
  const dropped = await call('POST', '/v1/managers', { user_id: alice.id, role_id: 'viewer' }, 201);
  await call('DELETE', `/v1/managers/${dropped.id}`, undefined, 204);

  const erin = await call('POST', '/v1/users', { name: 'Erin Member', email: uniqueEmail('verify-erin'), role: 'viewer', send_invitation: false, workspace_ids: [wsA.id] }, 201);
  await eventually(async () => ((await isMember(wsA.id, erin.id)) ? true : undefined), { what: 'erin a member of A', ...ACROSS });
  await call('DELETE', `/v1/workspaces/${wsA.id}/members/${erin.id}`, undefined, 204);
  const frankEmail = uniqueEmail('verify-frank');
  const frankInvitation = await call<InvitationResource>('POST', `/v1/workspaces/${wsC.id}/invitations`, { email: frankEmail, role: 'viewer' }, 201);
  expect((await request('POST', '/v1/invitations/accept', { body: { token: await tokenFor(frankEmail) } })).status).toBe(200);
  await eventually(async () => ((await isMember(wsC.id, frankInvitation.user_id)) ? true : undefined), { what: 'frank a member of C', ...ACROSS });
  // An invitation to a workspace deleted afterwards: accepted when issued, revoked by the deletion.
  const ginaInvitation = await call<InvitationResource>('POST', `/v1/workspaces/${doomed.id}/invitations`, { email: uniqueEmail('verify-gina'), role: 'viewer' }, 201);

  const template = await call('POST', '/v1/templates', { name: 'Welcome', workspace_id: wsA.id, content: { subject: 'Hi', body: 'Welcome aboard', zeta: 1, a: [2, { y: 1, b: 2 }] } }, 201);
  await call('PATCH', `/v1/templates/${template.id}`, { name: 'Welcome v2', content: { zz: true, a: 'moved' } }, 200);
  const gone = await call('POST', '/v1/templates', { name: 'Gone', workspace_id: wsA.id, content: { x: 1 } }, 201);
  await call('DELETE', `/v1/templates/${gone.id}`, undefined, 204);
  const doomedTemplate = await call('POST', '/v1/templates', { name: 'Doomed', workspace_id: doomed.id, content: { x: 1 } }, 201);

  // Key-vault: keys rotated (with and without grace), revoked, retrieved once, one left to retrieve; destinations.
  const graced = await call('POST', '/v1/api-keys', { name: 'Graced', scopes: ['users:read'] }, 201);
  await call('POST', `/v1/api-keys/${graced.id}/rotate`, { grace_seconds: 3600 }, 200);
  const rotated = await call('POST', '/v1/api-keys', { name: 'Rotated', scopes: ['users:read'], workspace_id: wsC.id }, 201);
  await call('POST', `/v1/api-keys/${rotated.id}/rotate`, {}, 200);
  const revoked = await call('POST', '/v1/api-keys', { name: 'Revoked', scopes: ['users:read'] }, 201);
  await call('DELETE', `/v1/api-keys/${revoked.id}`, undefined, 204);
  const retrieved = await call('POST', '/v1/api-keys', { name: 'Retrieved', scopes: ['users:read'], deliver: 'retrieval' }, 201);
  await call('GET', `/v1/api-keys/${retrieved.id}/secret`, undefined, 200);
  await call('POST', '/v1/api-keys', { name: 'Pending retrieval', scopes: ['users:read'], deliver: 'retrieval' }, 201);
  const unretrieved = await call('POST', '/v1/api-keys', { name: 'Revoked before retrieval', scopes: ['users:read'], deliver: 'retrieval' }, 201);
  await call('DELETE', `/v1/api-keys/${unretrieved.id}`, undefined, 204);
  const destination = await call('POST', '/v1/destinations', { name: 'Receiver', workspace_id: wsC.id }, 201);
  const routed = await call('POST', '/v1/api-keys', { name: 'Routed', scopes: ['keys:read'], destination_id: destination.id }, 201);
  await call('DELETE', `/v1/api-keys/${routed.id}`, undefined, 204);
  await call('DELETE', `/v1/destinations/${destination.id}`, undefined, 204);
  await call('POST', '/v1/destinations', { name: 'Kept', workspace_id: wsC.id }, 201);
  const doomedDestination = await call('POST', '/v1/destinations', { name: 'Doomed receiver', workspace_id: doomed.id }, 201);

  // The cascade, and what other services do about it (their own events, in their own stores).
  await call('DELETE', `/v1/workspaces/${doomed.id}?cascade=true`, undefined, 204);
  await eventually(async () => ((await api.get(`/v1/destinations/${doomedDestination.id}`)).status === 404 ? true : undefined), { what: 'the doomed destination deleted', ...ACROSS });
  await eventually(async () => ((await api.get(`/v1/templates/${doomedTemplate.id}`)).status === 404 ? true : undefined), { what: 'the doomed template deleted', ...ACROSS });
  await eventually(async () => {
    const res = await api.get<Page<InvitationResource>>(`/v1/invitations?workspace_id=${doomed.id}&limit=100`);
    return res.body.data.find((i) => i.id === ginaInvitation.id && i.status === 'revoked');
  }, { what: "gina's invitation revoked", ...ACROSS });
}, 240_000);

describe('npm run projections:verify', () => {
  it('finds every read table of identity, workspace and key-vault equal to a rebuild, while commands keep coming', async () => {
    const run = verify('all');
    // Live traffic during the check: it is neither blocked nor counted (after the snapshot).
    let done = false;
    let written = 0;
    const traffic = (async () => {
      while (!done) {
        expect((await api.post('/v1/workspaces', { name: `During verify ${stamp} ${written}` })).status).toBe(201);
        expect((await api.post('/v1/users', { name: 'During verify', email: uniqueEmail('verify-during'), role: 'viewer', send_invitation: false })).status).toBe(201);
        written++;
      }
    })();
    const { code, summaries, stderr } = await run.finally(() => (done = true));
    await traffic;
    expect({ code, summaries: summaries.map((s) => ({ service: s.service, equal: s.equal, error: s.error, replay_error: s.replay_error })) }).toEqual({
      code: 0,
      summaries: ['identity', 'workspace', 'key-vault'].map((service) => ({ service, equal: true, error: undefined, replay_error: undefined })),
    });
    expect(written).toBeGreaterThan(0);
    expect(stderr).toContain('read tables equal a rebuild from the event store');

    const [identity, workspace, keyVault] = summaries;
    const rowsOf = (summary: Summary) => Object.fromEntries(summary.tables.map((t) => [t.table, t.rebuilt_rows]));
    // Every owned table was rebuilt with rows, and compared.
    for (const summary of summaries) {
      expect(summary.events).toBeGreaterThan(0);
      for (const t of summary.tables) expect({ table: t.table, live_rows: t.live_rows, differences: t.live_only + t.rebuild_only + t.differing }).toEqual({ table: t.table, live_rows: t.rebuilt_rows, differences: 0 });
    }
    expect(Object.keys(rowsOf(identity))).toEqual(['users', 'sign_ins', 'invitations', 'roles', 'managers']);
    expect(Object.keys(rowsOf(workspace))).toEqual(['organizations', 'workspaces', 'workspace_members', 'templates']);
    expect(Object.keys(rowsOf(keyVault))).toEqual(['api_keys', 'destinations', 'key_secrets']);
    for (const summary of summaries) for (const [name, rows] of Object.entries(rowsOf(summary))) expect({ name, rows: rows > 0 }).toEqual({ name, rows: true });
    expect(table(identity, 'users')?.ignored_columns).toEqual(['workspace_ids']);
    expect(table(keyVault, 'api_keys')?.ignored_columns).toEqual(['last_used_at']);
  }, 240_000);

  it('reports a row edited and a row deleted in Postgres by their keys (never their values), and changes nothing itself', async () => {
    const db = new Client({ connectionString: serviceDatabaseUrl('identity') });
    await db.connect();
    const fingerprint = async () =>
      (
        await db.query<{ users: string; sign_ins: string; events: string; scratch: number }>(
          `SELECT (SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u) AS users,
                  (SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM sign_ins s) AS sign_ins,
                  (SELECT count(*)::text FROM events) AS events,
                  (SELECT count(*)::int FROM pg_namespace WHERE nspname LIKE 'read_model_verify_%') AS scratch`,
        )
      ).rows[0];
    const [{ name }] = (await db.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [alice.id])).rows;
    let deleted: unknown;
    try {
      await db.query(`UPDATE users SET name = 'Mallory Edited' WHERE id = $1`, [alice.id]);
      deleted = (await db.query<{ row: unknown }>('DELETE FROM sign_ins WHERE id = $1 RETURNING to_jsonb(sign_ins.*) AS row', [aliceSignIn.id])).rows[0]?.row;
      expect(deleted).toBeDefined();
      const before = await fingerprint();

      const { code, summaries, stdout, stderr } = await verify('identity');
      expect(code).toBe(1);
      expect(summaries).toHaveLength(1);
      const users = table(summaries[0], 'users');
      const signIns = table(summaries[0], 'sign_ins');
      expect(summaries[0].equal).toBe(false);
      expect({ differing: users?.differing, live_only: users?.live_only, rebuild_only: users?.rebuild_only, sample: users?.sample }).toEqual({
        differing: 1,
        live_only: 0,
        rebuild_only: 0,
        sample: [{ key: { id: alice.id }, side: 'differing', columns: ['name'] }],
      });
      expect({ differing: signIns?.differing, live_only: signIns?.live_only, rebuild_only: signIns?.rebuild_only, sample: signIns?.sample }).toEqual({
        differing: 0,
        live_only: 0,
        rebuild_only: 1,
        sample: [{ key: { id: aliceSignIn.id }, side: 'rebuild_only' }],
      });
      for (const t of summaries[0].tables.filter((x) => !['users', 'sign_ins'].includes(x.table))) expect(t.live_only + t.rebuild_only + t.differing).toBe(0);
      expect(stderr).toContain(alice.id);
      // Keys only: the edited value is not shown.
      expect(`${stdout}${stderr}`).not.toContain('Mallory');
      // The check left the live tables as they were (the edit included) and its schema is gone.
      expect(await fingerprint()).toEqual({ ...before, scratch: 0 });
    } finally {
      await db.query('UPDATE users SET name = $2 WHERE id = $1', [alice.id, name]);
      if (deleted) await db.query('INSERT INTO sign_ins SELECT * FROM jsonb_populate_record(NULL::sign_ins, $1::jsonb)', [JSON.stringify(deleted)]);
      await db.end();
    }
    const restored = await verify('identity');
    expect({ code: restored.code, equal: restored.summaries[0]?.equal }).toEqual({ code: 0, equal: true });
  }, 120_000);

  it('answers a usage error with exit code 2', async () => {
    const { code, stderr } = await verify('billing');
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run projections:verify -- <identity|workspace|key-vault|all>');
  });
});
