/**
 * The workspace tree through the gateway, on the real stack: create/read/list, the subtree
 * (`/tree`), moves (paths of descendants follow; cycles refused), sibling slugs, deletes with and
 * without cascade, If-Match, tenant isolation, scopes and the audit trail.
 */
import type { AuditEntryResource, Page, WorkspaceResource, WorkspaceTreeNode } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';

type Api = ReturnType<typeof apiAs>;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let acme: BootstrapResult;
let api: Api;
let globex: BootstrapResult;
let other: Api;

beforeAll(async () => {
  [acme, globex] = await Promise.all([
    bootstrapOrganization('Tree Inc', uniqueEmail('tree-owner')),
    bootstrapOrganization('Other Tree Inc', uniqueEmail('tree-other')),
  ]);
  api = apiAs(acme.api_key);
  other = apiAs(globex.api_key);
});

/** A name unique to this run, so top-level slugs never clash between tests. */
let counter = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)} ${++counter}`;

async function create(body: { name: string; slug?: string; parent_id?: string | null }, client = api): Promise<WorkspaceResource> {
  const res = await client.post<WorkspaceResource>('/v1/workspaces', body);
  expect(res.status).toBe(201);
  return res.body;
}

const get = (id: string, client = api) => client.get<WorkspaceResource>(`/v1/workspaces/${id}`);
const tree = (id: string, client = api) => client.get<WorkspaceTreeNode>(`/v1/workspaces/${id}/tree`);
const patch = (id: string, body: unknown, headers: Record<string, string> = {}, client = api) =>
  client.request<WorkspaceResource>('PATCH', `/v1/workspaces/${id}`, { body, headers });
const remove = (id: string, query = '', headers: Record<string, string> = {}, client = api) =>
  client.request('DELETE', `/v1/workspaces/${id}${query}`, { headers });

/** Every entry of `action` whose target is one of `ids`, once all of them are there. */
async function auditEntries(action: string, ids: string[]): Promise<AuditEntryResource[]> {
  return eventually(
    async () => {
      const res = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&limit=100`);
      const entries = res.body.data.filter((e) => ids.includes(e.target.id));
      return entries.length >= ids.length ? entries : undefined;
    },
    { what: `${ids.length} ${action} audit entries` },
  );
}

/**
 * Engineering
 * ├── Platform
 * │   ├── Data
 * │   └── API
 * └── Apps
 */
async function buildTree() {
  const eng = await create({ name: unique('Engineering'), slug: `eng-${++counter}` });
  const platform = await create({ name: 'Platform', parent_id: eng.id });
  const apps = await create({ name: 'Apps', parent_id: eng.id });
  const data = await create({ name: 'Data', parent_id: platform.id });
  const apiWs = await create({ name: 'API', slug: 'api', parent_id: platform.id });
  return { eng, platform, apps, data, api: apiWs };
}

describe('POST /v1/workspaces and GET /v1/workspaces/{id}', () => {
  it('creates a top-level workspace (201, ETag, Location) with a slug from its name, readable at once', async () => {
    const name = unique('Research & Development');
    const res = await api.post<WorkspaceResource>('/v1/workspaces', { name: `  ${name}  ` });
    expect(res.status).toBe(201);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ws_[0-9a-z]{26}$/),
      name,
      slug,
      parent_id: null,
      path: `/${slug}`,
      created_at: expect.stringMatching(ISO),
      updated_at: res.body.created_at,
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/workspaces/${res.body.id}`);
    const fetched = await get(res.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('etag')).toBe('"1"');
    expect(fetched.body).toEqual(res.body);

    const entries = await auditEntries('workspace.create', [res.body.id]);
    expect(entries[0]).toMatchObject({
      action: 'workspace.create',
      target: { type: 'workspace', id: res.body.id },
      workspace_id: res.body.id,
      changes: { name: { from: null, to: name }, slug: { from: null, to: slug }, parent_id: { from: null, to: null } },
    });
  });

  it.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a missing name', {}, 'name'],
    ['an invalid slug', { name: 'Ops', slug: 'Not A Slug' }, 'slug'],
    ['a slug over 63 characters', { name: 'Ops', slug: 'a'.repeat(64) }, 'slug'],
    ['an unknown parent', { name: 'Ops', parent_id: 'ws_01jzzzzzzzzzzzzzzzzzzzzzzz' }, 'parent_id'],
    ['an unknown field', { name: 'Ops', color: 'blue' }, 'color'],
  ])('answers 400 invalid_request for %s', async (_label, body, field) => {
    const res = await api.post('/v1/workspaces', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ field })] } });
  });

  it('answers 404 for an unknown workspace', async () => {
    const res = await get('ws_01jzzzzzzzzzzzzzzzzzzzzzzz');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('a 3-level tree', () => {
  it('gives every workspace its parent and path, and answers /tree to any depth, children by name', async () => {
    const t = await buildTree();
    expect(t.platform).toMatchObject({ parent_id: t.eng.id, slug: 'platform', path: `${t.eng.path}/platform` });
    expect(t.data).toMatchObject({ parent_id: t.platform.id, path: `${t.eng.path}/platform/data` });
    expect(t.api).toMatchObject({ parent_id: t.platform.id, path: `${t.eng.path}/platform/api` });

    const res = await tree(t.eng.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: t.eng.id,
      name: t.eng.name,
      children: [
        { id: t.apps.id, name: 'Apps', children: [] },
        {
          id: t.platform.id,
          name: 'Platform',
          children: [
            { id: t.api.id, name: 'API', children: [] },
            { id: t.data.id, name: 'Data', children: [] },
          ],
        },
      ],
    });
    const leaf = await tree(t.data.id);
    expect(leaf.body).toEqual({ id: t.data.id, name: 'Data', children: [] });

    // Children by name, case-insensitive.
    const beta = await create({ name: 'beta', parent_id: t.apps.id });
    const gamma = await create({ name: 'Gamma', parent_id: t.apps.id });
    const alpha = await create({ name: 'Alpha', parent_id: t.apps.id });
    expect((await tree(t.apps.id)).body.children.map((c) => c.id)).toEqual([alpha.id, beta.id, gamma.id]);
  });

  it('lists children with parent_id, the top level with parent_id=root, newest first, paginated', async () => {
    const t = await buildTree();
    const children = await api.get<Page<WorkspaceResource>>(`/v1/workspaces?parent_id=${t.platform.id}`);
    expect(children.status).toBe(200);
    expect(children.body.data.map((w) => w.id)).toEqual([t.api.id, t.data.id]);
    expect(children.body.meta).toEqual({ next_cursor: null, has_more: false });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.get<Page<WorkspaceResource>>>> = await api.get<Page<WorkspaceResource>>(
        `/v1/workspaces?parent_id=${t.eng.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((w) => w.id));
      cursor = page.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual([t.apps.id, t.platform.id]);

    const roots = await api.get<Page<WorkspaceResource>>('/v1/workspaces?parent_id=root&limit=100');
    expect(roots.body.data.every((w) => w.parent_id === null)).toBe(true);
    expect(roots.body.data.map((w) => w.id)).toContain(t.eng.id);
    expect(roots.body.data.map((w) => w.id)).not.toContain(t.platform.id);

    const all = await api.get<Page<WorkspaceResource>>('/v1/workspaces?limit=5');
    expect(all.body.data.map((w) => w.id)).toEqual([t.api.id, t.data.id, t.apps.id, t.platform.id, t.eng.id]);

    expect((await api.get('/v1/workspaces?limit=0')).status).toBe(400);
  });
});

describe('PATCH /v1/workspaces/{id}', () => {
  it('moves a branch: the paths of all its descendants follow, /tree shows it, audit has workspace.move', async () => {
    const t = await buildTree();
    const ops = await create({ name: unique('Operations'), slug: `ops-${++counter}` });
    const moved = await patch(t.platform.id, { parent_id: ops.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: t.platform.id, parent_id: ops.id, path: `${ops.path}/platform`, version: 2 });
    expect(moved.headers.get('etag')).toBe('"2"');
    expect((await get(t.data.id)).body).toMatchObject({ parent_id: t.platform.id, path: `${ops.path}/platform/data`, version: 1 });
    expect((await get(t.api.id)).body.path).toBe(`${ops.path}/platform/api`);

    expect((await tree(t.eng.id)).body).toEqual({ id: t.eng.id, name: t.eng.name, children: [{ id: t.apps.id, name: 'Apps', children: [] }] });
    expect((await tree(ops.id)).body.children).toEqual([
      {
        id: t.platform.id,
        name: 'Platform',
        children: [
          { id: t.api.id, name: 'API', children: [] },
          { id: t.data.id, name: 'Data', children: [] },
        ],
      },
    ]);

    // And to the top level.
    const top = await patch(t.platform.id, { parent_id: null });
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({ parent_id: null, path: '/platform', version: 3 });
    expect((await get(t.data.id)).body.path).toBe('/platform/data');

    const entries = await eventually(
      async () => {
        const res = await api.get<Page<AuditEntryResource>>('/v1/audit-logs?action=workspace.move&limit=100');
        const mine = res.body.data.filter((e) => e.target.id === t.platform.id);
        return mine.length === 2 ? mine : undefined;
      },
      { what: 'both workspace.move entries' },
    );
    expect(entries.map((e) => e.changes)).toEqual([{ parent_id: { from: ops.id, to: null } }, { parent_id: { from: t.eng.id, to: ops.id } }]);
    expect(entries[1]).toMatchObject({ action: 'workspace.move', target: { type: 'workspace', id: t.platform.id }, workspace_id: t.platform.id });
    // A top-level `platform` would clash with a later top-level namesake: remove it.
    expect((await remove(t.platform.id, '?cascade=true')).status).toBe(204);
  });

  it('refuses a move under itself or a descendant (409) and leaves the tree as it was', async () => {
    const t = await buildTree();
    const before = (await tree(t.eng.id)).body;
    for (const target of [t.eng.id, t.platform.id, t.data.id]) {
      const res = await patch(t.eng.id, { parent_id: target });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: 'conflict' } });
    }
    const cycle = await patch(t.platform.id, { parent_id: t.api.id });
    expect(cycle.status).toBe(409);
    expect((await tree(t.eng.id)).body).toEqual(before);
    expect((await get(t.eng.id)).body).toMatchObject({ parent_id: null, version: 1 });
    expect((await get(t.platform.id)).body).toMatchObject({ parent_id: t.eng.id, version: 1 });
  });

  it('refuses a slug already used by a sibling (409, field slug) on create, move and rename; other parents may reuse it', async () => {
    const t = await buildTree();
    const clash = await api.post('/v1/workspaces', { name: 'Platform', parent_id: t.eng.id });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: { code: 'conflict', details: [{ field: 'slug', issue: 'taken' }] } });

    // The same slug under another parent is fine; moving it next to its namesake is not.
    const elsewhere = await create({ name: 'Platform', parent_id: t.apps.id });
    expect(elsewhere.path).toBe(`${t.eng.path}/apps/platform`);
    const move = await patch(elsewhere.id, { parent_id: t.eng.id });
    expect(move.status).toBe(409);
    expect(move.body).toMatchObject({ error: { code: 'conflict', details: [{ field: 'slug' }] } });
    expect((await get(elsewhere.id)).body).toMatchObject({ parent_id: t.apps.id, version: 1 });

    const rename = await patch(t.apps.id, { slug: 'platform' });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ error: { code: 'conflict', details: [{ field: 'slug' }] } });

    // Top-level workspaces are siblings of each other.
    const topSlug = `top-${Date.now().toString(36)}`;
    await create({ name: 'Top', slug: topSlug });
    expect((await api.post('/v1/workspaces', { name: 'Top again', slug: topSlug })).status).toBe(409);
  });

  it('renames (name keeps the slug; a new slug rewrites the paths below), answers 412 on a stale If-Match, and appends nothing for a no-op', async () => {
    const t = await buildTree();
    const renamed = await patch(t.platform.id, { name: 'Platform Engineering' }, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Platform Engineering', slug: 'platform', version: 2 });

    const stale = await patch(t.platform.id, { name: 'Too late' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed' } });
    expect((await remove(t.platform.id, '?cascade=true', { 'if-match': '"1"' })).status).toBe(412);

    const reslugged = await patch(t.platform.id, { slug: 'core' }, { 'if-match': '"2"' });
    expect(reslugged.status).toBe(200);
    expect(reslugged.body).toMatchObject({ slug: 'core', path: `${t.eng.path}/core`, version: 3 });
    expect((await get(t.data.id)).body.path).toBe(`${t.eng.path}/core/data`);

    const noop = await patch(t.platform.id, { name: ' Platform Engineering ', parent_id: t.eng.id });
    expect(noop.status).toBe(200);
    expect(noop.body.version).toBe(3);
    expect(noop.headers.get('etag')).toBe('"3"');

    expect((await patch(t.platform.id, { name: '' })).status).toBe(400);
    expect((await patch(t.platform.id, { name: null })).status).toBe(400);
    expect((await patch(t.platform.id, { parent_id: 'ws_01jzzzzzzzzzzzzzzzzzzzzzzz' })).body).toMatchObject({
      error: { code: 'invalid_request', details: [{ field: 'parent_id' }] },
    });

    const entries = await auditEntries('workspace.update', [t.platform.id]);
    expect(entries.map((e) => e.changes)).toEqual(
      expect.arrayContaining([{ name: { from: 'Platform', to: 'Platform Engineering' } }, { slug: { from: 'platform', to: 'core' } }]),
    );
  });
});

describe('DELETE /v1/workspaces/{id}', () => {
  it('refuses a workspace with children (409), then cascades: the subtree is gone, one workspace.delete per workspace', async () => {
    const t = await buildTree();
    const refused = await remove(t.eng.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await tree(t.eng.id)).body.children).toHaveLength(2);

    const leaf = await remove(t.apps.id);
    expect(leaf.status).toBe(204);
    expect(leaf.text).toBe('');
    expect((await get(t.apps.id)).status).toBe(404);

    const cascade = await remove(t.eng.id, '?cascade=true', { 'if-match': '"1"' });
    expect(cascade.status).toBe(204);
    for (const w of [t.eng, t.platform, t.data, t.api]) {
      expect((await get(w.id)).status).toBe(404);
    }
    expect((await tree(t.eng.id)).status).toBe(404);
    expect((await api.get<Page<WorkspaceResource>>(`/v1/workspaces?parent_id=${t.platform.id}`)).body.data).toEqual([]);
    expect((await remove(t.eng.id, '?cascade=true')).status).toBe(404);

    const ids = [t.eng.id, t.platform.id, t.data.id, t.api.id];
    const entries = await auditEntries('workspace.delete', ids);
    expect(entries.map((e) => e.target.id).sort()).toEqual([...ids].sort());
    expect(entries.find((e) => e.target.id === t.data.id)?.changes).toEqual({
      name: { from: 'Data', to: null },
      slug: { from: 'data', to: null },
      parent_id: { from: t.platform.id, to: null },
    });
    // One request, one transaction.
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(1);

    expect((await remove(t.data.id, '?cascade=maybe')).status).toBe(400);
  });
});

describe('tenancy and scopes', () => {
  it('another organization sees none of it: 404s, empty lists, an unknown parent', async () => {
    const t = await buildTree();
    for (const id of [t.eng.id, t.data.id]) {
      expect((await get(id, other)).status).toBe(404);
      expect((await tree(id, other)).status).toBe(404);
      expect((await patch(id, { name: 'Mine now' }, {}, other)).status).toBe(404);
      expect((await remove(id, '?cascade=true', {}, other)).status).toBe(404);
    }
    const lists = await Promise.all([
      other.get<Page<WorkspaceResource>>('/v1/workspaces?limit=100'),
      other.get<Page<WorkspaceResource>>(`/v1/workspaces?parent_id=${t.eng.id}`),
    ]);
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.body.data.map((w) => w.id)).not.toEqual(expect.arrayContaining([t.eng.id]));
    }
    expect(lists[1].body.data).toEqual([]);

    const underForeign = await other.post('/v1/workspaces', { name: 'Sneaky', parent_id: t.eng.id });
    expect(underForeign.status).toBe(400);
    expect(underForeign.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'parent_id' }] } });
    const theirs = await create({ name: unique('Globex root') }, other);
    const moveInto = await patch(theirs.id, { parent_id: t.eng.id }, {}, other);
    expect(moveInto.status).toBe(400);
    expect(moveInto.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'parent_id' }] } });
    const moveOut = await patch(t.data.id, { parent_id: theirs.id });
    expect(moveOut.status).toBe(400);

    expect((await tree(t.eng.id)).body.children).toHaveLength(2);
  });

  it('needs workspaces:read to read and workspaces:write to change', async () => {
    const minted = await api.post<{ secret: string }>('/v1/api-keys', { name: 'tree reader', scopes: ['workspaces:read'] });
    expect(minted.status).toBe(201);
    const reader = apiAs(minted.body.secret);
    const t = await buildTree();
    expect((await get(t.eng.id, reader)).status).toBe(200);
    expect((await tree(t.eng.id, reader)).status).toBe(200);
    expect((await reader.get('/v1/workspaces')).status).toBe(200);
    for (const res of [
      await reader.post('/v1/workspaces', { name: 'Nope' }),
      await patch(t.eng.id, { name: 'Nope' }, {}, reader),
      await remove(t.data.id, '', {}, reader),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    }
  });
});
