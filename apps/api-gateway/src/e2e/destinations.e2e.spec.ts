/**
 * Destinations end to end, on the real stack: a workspace (workspace service) → key-vault's
 * replica of it → destination CRUD → a key routed to the destination → its public metadata under
 * the destination → the email to the workspace's owners/admins, read from the SMTP catcher
 * (recipients decided by notification from its own replicas: docs/decisions.md). Another
 * organization's destinations are 404.
 */
import type { ApiKeyResource, DestinationResource, Page, UserResource, WorkspaceMemberResource, WorkspaceResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, emailsTo, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';

type Client = ReturnType<typeof apiAs>;
type Created = ApiKeyResource & { secret: string };

/** Across services and topics (the first consumer of a run may still be joining its group). */
const ACROSS = { timeoutMs: 30000, intervalMs: 200 };
const DESTINATION = {
  id: expect.stringMatching(/^dst_[0-9a-z]{26}$/),
  name: expect.any(String),
  workspace_id: expect.stringMatching(/^ws_/),
  created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  version: 1,
};

let org: BootstrapResult;
let ownerEmail: string;
let api: Client;
let other: Client;

beforeAll(async () => {
  ownerEmail = uniqueEmail('dst-owner');
  org = await bootstrapOrganization('Destinations Co', ownerEmail);
  api = apiAs(org.api_key);
  other = apiAs((await bootstrapOrganization('Other Destinations Co', uniqueEmail('dst-other'))).api_key);
});

let workspaceCount = 0;
async function createWorkspace(client = api): Promise<WorkspaceResource> {
  const res = await client.post<WorkspaceResource>('/v1/workspaces', { name: `Receivers ${++workspaceCount} ${Date.now()}` });
  expect(res.status).toBe(201);
  return res.body;
}

/**
 * Creates a destination once key-vault's replica knows the workspace (it learns of it from the
 * workspace service's events: a moment after the workspace's 201, it answers 400 `unknown`).
 */
async function createDestination(workspaceId: string, name = `Warehouse ${Date.now()}`, client = api): Promise<DestinationResource> {
  return eventually(
    async () => {
      const res = await client.post<DestinationResource>('/v1/destinations', { name, workspace_id: workspaceId });
      if (res.status === 201) return res.body;
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'workspace_id', issue: 'unknown' }] } });
      return undefined;
    },
    { what: `a destination in ${workspaceId}`, ...ACROSS },
  );
}

async function createMember(workspaceId: string, role: string, label: string): Promise<UserResource> {
  const res = await api.post<UserResource>('/v1/users', {
    name: `${label} ${role}`,
    email: uniqueEmail(label),
    role,
    send_invitation: false,
    workspace_ids: [workspaceId],
  });
  expect(res.status).toBe(201);
  await eventually(
    async () => {
      const page = await api.get<Page<WorkspaceMemberResource>>(`/v1/workspaces/${workspaceId}/members?limit=100`);
      return page.body.data?.some((m) => m.user_id === res.body.id) ? true : undefined;
    },
    { what: `${res.body.id} a member of ${workspaceId}`, ...ACROSS },
  );
  return res.body;
}

async function createKey(body: Record<string, unknown>, client = api): Promise<Created> {
  const res = await client.post<Created>('/v1/api-keys', { name: `Routed ${Date.now()}`, scopes: ['keys:read'], ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('Destinations CRUD', () => {
  let workspace: WorkspaceResource;

  beforeAll(async () => {
    workspace = await createWorkspace();
  });

  it('creates a destination owned by a workspace (201, Location, ETag) and reads it back', async () => {
    const created = await createDestination(workspace.id, '  Billing warehouse ');
    expect(created).toEqual({ ...DESTINATION, name: 'Billing warehouse', workspace_id: workspace.id });

    const res = await api.get<DestinationResource>(`/v1/destinations/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual(created);
  });

  it('answers Location and ETag on creation', async () => {
    await createDestination(workspace.id); // the replica knows the workspace from here on
    const res = await api.post<DestinationResource>('/v1/destinations', { name: 'Headers', workspace_id: workspace.id });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/destinations/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('lists newest first, paginated by cursor, filtered by workspace_id', async () => {
    const second = await createWorkspace();
    const a = await createDestination(second.id, 'A');
    const b = await createDestination(second.id, 'B');
    const c = await createDestination(second.id, 'C');

    const first = await api.get<Page<DestinationResource>>(`/v1/destinations?workspace_id=${second.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((d) => d.id)).toEqual([c.id, b.id]);
    expect(first.body.meta).toEqual({ has_more: true, next_cursor: expect.any(String) });
    const rest = await api.get<Page<DestinationResource>>(`/v1/destinations?workspace_id=${second.id}&limit=2&cursor=${first.body.meta.next_cursor}`);
    expect(rest.body.data.map((d) => d.id)).toEqual([a.id]);
    expect(rest.body.meta).toEqual({ has_more: false, next_cursor: null });

    const all = await api.get<Page<DestinationResource>>('/v1/destinations?limit=100');
    expect(all.body.data.map((d) => d.id).slice(0, 3)).toEqual([c.id, b.id, a.id]);
    expect(all.body.data.some((d) => d.workspace_id === workspace.id)).toBe(true);
  });

  it.each([
    ['an empty name', { name: '  ' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['no workspace_id', { workspace_id: undefined }],
    ['an unknown field', { url: 'https://example.test' }],
  ])('refuses %s (400)', async (_label, override) => {
    const res = await api.post('/v1/destinations', { name: 'Valid', workspace_id: workspace.id, ...override });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses a workspace that is not one of the organization (400 workspace_id unknown)', async () => {
    const theirs = await createWorkspace(other);
    await createDestination(theirs.id, 'Theirs', other); // their replica knows it: refusing ours is not a lag
    const res = await api.post('/v1/destinations', { name: 'Stolen', workspace_id: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'workspace_id', issue: 'unknown' }] } });
  });

  it('deletes (204), then the destination is 404; a stale If-Match is 412', async () => {
    const destination = await createDestination(workspace.id, 'Short-lived');
    const stale = await api.request('DELETE', `/v1/destinations/${destination.id}`, { headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);

    const res = await api.request('DELETE', `/v1/destinations/${destination.id}`, { headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await api.get(`/v1/destinations/${destination.id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/destinations/${destination.id}`)).status).toBe(404);
    expect((await api.get(`/v1/destinations/${destination.id}/api-keys`)).status).toBe(404);
  });

  it('needs destinations:read to read and destinations:write to write (403 insufficient_scope)', async () => {
    const destination = await createDestination(workspace.id);
    const reader = apiAs((await createKey({ scopes: ['destinations:read'] })).secret);
    expect((await reader.get(`/v1/destinations/${destination.id}`)).status).toBe(200);
    const write = await reader.post('/v1/destinations', { name: 'Nope', workspace_id: workspace.id });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    const keysOnly = apiAs((await createKey({ scopes: ['keys:read'] })).secret);
    expect((await keysOnly.get(`/v1/destinations/${destination.id}`)).status).toBe(403);
  });

  it('deletes a workspace’s destinations with the workspace', async () => {
    const doomed = await createWorkspace();
    const destination = await createDestination(doomed.id, 'Goes with its workspace');
    expect((await api.request('DELETE', `/v1/workspaces/${doomed.id}`)).status).toBe(204);
    await eventually(async () => ((await api.get(`/v1/destinations/${destination.id}`)).status === 404 ? true : undefined), {
      what: 'the destination deleted with its workspace',
      ...ACROSS,
    });
  });
});

describe('Keys routed to a destination', () => {
  let workspace: WorkspaceResource;
  let destination: DestinationResource;
  let admin: UserResource;
  let editor: UserResource;
  let key: Created;

  beforeAll(async () => {
    workspace = await createWorkspace();
    admin = await createMember(workspace.id, 'admin', 'dst-admin');
    editor = await createMember(workspace.id, 'editor', 'dst-editor');
    destination = await createDestination(workspace.id, 'Events sink');
    key = await createKey({ name: 'Sink writer', destination_id: destination.id });
  });

  it('lists the public metadata of every key routed to it — never a secret or a hash', async () => {
    expect(key.destination_id).toBe(destination.id);
    const unrelated = await createKey({ name: 'Not routed' });
    const res = await api.get<Page<ApiKeyResource>>(`/v1/destinations/${destination.id}/api-keys`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((k) => k.id)).toEqual([key.id]);
    expect(res.body.meta).toEqual({ has_more: false, next_cursor: null });
    const { secret: _secret, ...metadata } = key;
    expect(res.body.data[0]).toEqual(metadata);
    expect(res.text).not.toContain(key.secret);
    expect(res.text).not.toContain(key.secret.slice('sk_live_'.length));
    expect(res.text).not.toMatch(/secret|hash/i);
    expect(res.text).not.toContain(unrelated.id);
  });

  it('pages the keys newest first', async () => {
    const second = await createKey({ name: 'Sink writer 2', destination_id: destination.id });
    const first = await api.get<Page<ApiKeyResource>>(`/v1/destinations/${destination.id}/api-keys?limit=1`);
    expect(first.body.data.map((k) => k.id)).toEqual([second.id]);
    expect(first.body.meta.has_more).toBe(true);
    const rest = await api.get<Page<ApiKeyResource>>(`/v1/destinations/${destination.id}/api-keys?limit=1&cursor=${first.body.meta.next_cursor}`);
    expect(rest.body.data.map((k) => k.id)).toEqual([key.id]);
    expect((await api.request('DELETE', `/v1/api-keys/${second.id}`)).status).toBe(204);
  });

  it('refuses a destination_id that is not one of the organization (400)', async () => {
    const res = await other.post('/v1/api-keys', { name: 'Misrouted', scopes: ['keys:read'], destination_id: destination.id });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('emails the workspace’s owner/admin members: which key, which destination, who created it — never the secret', async () => {
    const about = (m: { subject: string }) => m.subject.includes('"Sink writer"');
    const mail = await eventually(async () => (await emailsTo(admin.email)).find(about), { what: `the email to ${admin.email}`, ...ACROSS });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Sink writer');
      expect(part).toContain(key.prefix);
      expect(part).toContain(key.id);
      expect(part).toContain('Events sink');
      expect(part).toContain(destination.id);
      expect(part).toContain(workspace.name);
      expect(part).toContain(key.created_by);
      expect(part).not.toContain(key.secret);
      expect(part).not.toContain(key.secret.slice('sk_live_'.length));
    }
    // One email per recipient; an editor member and the (non-member) owner are not told.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await emailsTo(admin.email)).filter(about)).toHaveLength(1);
    expect(await emailsTo(editor.email)).toHaveLength(0);
    expect((await emailsTo(ownerEmail)).filter(about)).toHaveLength(0);
  });

  it('tells the organization’s owners when the workspace has no owner/admin member', async () => {
    const lonely = await createWorkspace();
    const sink = await createDestination(lonely.id, 'Lonely sink');
    const routed = await createKey({ name: 'Lonely writer', destination_id: sink.id });
    const mail = await eventually(async () => (await emailsTo(ownerEmail)).find((m) => m.subject.includes('Lonely writer')), {
      what: 'the owner’s email',
      ...ACROSS,
    });
    expect(mail.text).toContain(routed.prefix);
    expect(mail.text).toContain('Lonely sink');
  });

  it('refuses to delete a destination while an active key is routed to it (409), allows it once revoked', async () => {
    const busy = await createDestination(workspace.id, 'Busy');
    const routed = await createKey({ name: 'Busy writer', destination_id: busy.id });
    const refused = await api.request('DELETE', `/v1/destinations/${busy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'conflict', details: [{ field: 'id', issue: 'in_use' }] } });

    expect((await api.request('DELETE', `/v1/api-keys/${routed.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/v1/destinations/${busy.id}`)).status).toBe(204);
  });

  it('answers 404 for another organization’s destination, on every route', async () => {
    expect((await other.get(`/v1/destinations/${destination.id}`)).status).toBe(404);
    expect((await other.get(`/v1/destinations/${destination.id}/api-keys`)).status).toBe(404);
    const del = await other.request('DELETE', `/v1/destinations/${destination.id}`);
    expect(del.status).toBe(404);
    expect(del.body).toMatchObject({ error: { code: 'not_found' } });
    const theirs = await other.get<Page<DestinationResource>>('/v1/destinations?limit=100');
    expect(theirs.body.data.map((d) => d.id)).not.toContain(destination.id);
    expect((await api.get(`/v1/destinations/${destination.id}`)).status).toBe(200);
  });
});
