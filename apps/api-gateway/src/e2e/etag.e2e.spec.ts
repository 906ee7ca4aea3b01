/**
 * ETag / If-Match on every versioned resource, on the real stack: a GET sends `ETag: "<version>"`;
 * a write with a stale `If-Match` answers 412 `precondition_failed` and changes nothing; with the
 * current one it succeeds (and a resource it answers carries the next ETag). The cases cover
 * every operation the OpenAPI document says takes `If-Match`.
 */
import type { ApiKeyResource, InvitationResource, Page, RoleResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type ApiResponse, type BootstrapResult } from '@steward/testing';

let org: BootstrapResult;
let api: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('ETag Inc', uniqueEmail('etag-owner'));
  api = apiAs(org.api_key);
});

type Json = Record<string, unknown>;

const etagOf = (res: ApiResponse) => res.headers.get('etag');

async function created(path: string, body: Json): Promise<Json> {
  const res = await api.post<Json>(path, body);
  expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: expect.anything() });
  return res.body;
}

/** GET `path`: 200, and its ETag is its `version` in quotes. */
async function read(path: string): Promise<{ body: Json; etag: string }> {
  const res = await api.get<Json>(path);
  expect(res.status).toBe(200);
  expect(etagOf(res)).toBe(`"${res.body.version}"`);
  return { body: res.body, etag: etagOf(res) as string };
}

function expectPreconditionFailed(res: ApiResponse) {
  expect(res.status).toBe(412);
  expect(res.body).toMatchObject({ error: { code: 'precondition_failed', status: 412, request_id: res.headers.get('x-request-id') } });
}

/** Which `METHOD /path/{template}` each case exercised with If-Match, to compare with the document. */
const exercised = new Set<string>();

/**
 * A versioned resource with a PATCH: change it once without If-Match (so its first ETag is
 * stale); the stale ETag → 412 and nothing changed; the current one → 200 with a new ETag.
 */
async function patchCase(template: string, path: string, firstChange: Json, secondChange: Json, secondResult: Json = secondChange) {
  const first = await read(path);
  const moved = await api.request<Json>('PATCH', path, { body: firstChange });
  expect(moved.status).toBe(200);
  const current = await read(path);
  expect(current.etag).not.toBe(first.etag);

  const stale = await api.request('PATCH', path, { body: secondChange, headers: { 'if-match': first.etag } });
  expectPreconditionFailed(stale);
  expect(await read(path)).toEqual(current);

  const fresh = await api.request<Json>('PATCH', path, { body: secondChange, headers: { 'if-match': current.etag } });
  expect(fresh.status).toBe(200);
  expect(fresh.body).toMatchObject(secondResult);
  expect(etagOf(fresh)).toBe(`"${fresh.body.version}"`);
  expect(etagOf(fresh)).not.toBe(current.etag);
  expect(await read(path)).toEqual({ body: fresh.body, etag: etagOf(fresh) });
  exercised.add(`PATCH ${template}`);
}

/** A DELETE with If-Match: stale → 412 and still there; current → 204 and gone. */
async function deleteCase(template: string, path: string, staleEtag: string, stillThere: () => Promise<unknown>, currentEtag: string, gone: () => Promise<unknown>) {
  const before = await stillThere();
  expectPreconditionFailed(await api.request('DELETE', path, { headers: { 'if-match': staleEtag } }));
  expect(await stillThere()).toEqual(before);
  const res = await api.request('DELETE', path, { headers: { 'if-match': currentEtag } });
  expect(res.status).toBe(204);
  await gone();
  exercised.add(`DELETE ${template}`);
}

describe('ETag and If-Match on every versioned resource', () => {
  it('users', async () => {
    const user = await created('/v1/users', { name: 'Etag User', email: uniqueEmail('etag-user'), role: 'viewer', send_invitation: false });
    const path = `/v1/users/${user.id}`;
    await patchCase('/v1/users/{id}', path, { name: 'Etag User 2' }, { name: 'Etag User 3' });
    const { etag } = await read(path);
    await deleteCase('/v1/users/{id}', path, '"1"', () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('custom roles (system roles have no version, hence no ETag)', async () => {
    const system = await api.get<RoleResource>('/v1/roles/editor');
    expect(system.status).toBe(200);
    expect(etagOf(system)).toBeNull();
    const role = await created('/v1/roles', { name: `Etag role ${Date.now()}`, permissions: ['users:read'] });
    const path = `/v1/roles/${role.id}`;
    await patchCase('/v1/roles/{id}', path, { description: 'first' }, { description: 'second' });
    const { etag } = await read(path);
    await deleteCase('/v1/roles/{id}', path, '"1"', () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('workspaces', async () => {
    const workspace = await created('/v1/workspaces', { name: 'Etag space' });
    const path = `/v1/workspaces/${workspace.id}`;
    await patchCase('/v1/workspaces/{id}', path, { name: 'Etag space 2' }, { name: 'Etag space 3' });
    const { etag } = await read(path);
    await deleteCase('/v1/workspaces/{id}', path, '"1"', () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('templates', async () => {
    const workspace = await created('/v1/workspaces', { name: 'Etag templates' });
    const template = await created('/v1/templates', { name: 'Etag template', workspace_id: workspace.id, content: { a: 1 } });
    const path = `/v1/templates/${template.id}`;
    await patchCase('/v1/templates/{id}', path, { content: { a: 2 } }, { name: 'Etag template 3' });
    const { etag } = await read(path);
    await deleteCase('/v1/templates/{id}', path, '"1"', () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('managers', async () => {
    const user = await created('/v1/users', { name: 'Etag Manager', email: uniqueEmail('etag-mgr'), role: 'viewer', send_invitation: false });
    const manager = await created('/v1/managers', { user_id: user.id, role_id: 'viewer' });
    const path = `/v1/managers/${manager.id}`;
    await patchCase('/v1/managers/{id}', path, { role_id: 'editor' }, { role_id: 'admin' }, { role: { id: 'admin' } });
    const { etag } = await read(path);
    await deleteCase('/v1/managers/{id}', path, '"1"', () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('API keys: rotate and revoke', async () => {
    const key = await created('/v1/api-keys', { name: 'Etag key', scopes: ['users:read'] });
    const path = `/v1/api-keys/${key.id}`;
    const first = await read(path);
    // A rotation is a change: the key's first ETag is stale afterwards.
    const rotated = await api.post<ApiKeyResource>(`${path}/rotate`, {}, { 'if-match': first.etag });
    expect(rotated.status).toBe(200);
    expect(etagOf(rotated)).toBe(`"${rotated.body.version}"`);
    const current = await read(path);
    expect(current.etag).toBe(etagOf(rotated));
    expectPreconditionFailed(await api.post(`${path}/rotate`, {}, { 'if-match': first.etag }));
    expect(await read(path)).toEqual(current);
    exercised.add('POST /v1/api-keys/{id}/rotate');
    await deleteCase('/v1/api-keys/{id}', path, first.etag, () => read(path), current.etag, async () => expect((await read(path)).body.status).toBe('revoked'));
  });

  it('destinations (never changed: any other version is stale)', async () => {
    const workspace = await created('/v1/workspaces', { name: 'Etag destinations' });
    // Key-vault learns of the workspace from its events: retried until it has.
    const destination = await eventually(async () => {
      const res = await api.post<Json>('/v1/destinations', { name: 'Etag sink', workspace_id: workspace.id });
      return res.status === 201 ? res.body : undefined;
    }, { what: 'key-vault to know the new workspace' });
    const path = `/v1/destinations/${destination.id}`;
    const { body, etag } = await read(path);
    await deleteCase('/v1/destinations/{id}', path, `"${(body.version as number) + 1}"`, () => read(path), etag, async () => expect((await api.get(path)).status).toBe(404));
  });

  it('invitations: revoke', async () => {
    const email = uniqueEmail('etag-invitee');
    const user = await created('/v1/users', { name: 'Etag Invitee', email, role: 'viewer' });
    const pending = async () => {
      const page = await api.get<Page<InvitationResource>>('/v1/invitations?status=pending&limit=100');
      return page.body.data.find((i) => i.user_id === user.id);
    };
    const invitation = (await pending()) as InvitationResource;
    expect(invitation).toMatchObject({ status: 'pending', version: 1 });
    // A resend is a change: version 1 is stale afterwards.
    const resent = await api.post<InvitationResource>(`/v1/users/${user.id}/resend-invitation`, {});
    expect(resent.status).toBe(200);
    expect(etagOf(resent)).toBe(`"${resent.body.version}"`);
    await deleteCase('/v1/invitations/{id}', `/v1/invitations/${invitation.id}`, '"1"', pending, etagOf(resent) as string, async () => expect(await pending()).toBeUndefined());
  });

  it('refuses an If-Match that is not an ETag (400), and takes a weak ETag or *', async () => {
    const user = await created('/v1/users', { name: 'Etag Shapes', email: uniqueEmail('etag-shapes'), role: 'viewer', send_invitation: false });
    const path = `/v1/users/${user.id}`;
    const bad = await api.request('PATCH', path, { body: { name: 'x' }, headers: { 'if-match': 'three' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'If-Match', issue: 'format' }] } });
    expect((await api.request('PATCH', path, { body: { name: 'Weak' }, headers: { 'if-match': 'W/"1"' } })).status).toBe(200);
    expect((await api.request('PATCH', path, { body: { name: 'Any' }, headers: { 'if-match': '*' } })).status).toBe(200);
  });

  it('covers every operation the OpenAPI document says takes If-Match', async () => {
    const document = (await request<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>('GET', '/openapi.json')).body;
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => (operation.parameters ?? []).some((p) => p.name === 'If-Match'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect([...exercised].sort()).toEqual(documented.sort());
  });
});
