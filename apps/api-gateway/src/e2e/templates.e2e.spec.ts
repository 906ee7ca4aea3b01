/**
 * Private templates through the gateway, on the real stack: CRUD in a workspace created through
 * the API, ETag/If-Match, the content rules (a JSON object, ≤ 256 KiB, not absurdly nested),
 * history, tenant isolation, scopes, the audit trail, and templates going with their workspace.
 */
import {
  TEMPLATE_CONTENT_MAX_BYTES,
  type ApiKeyResource,
  type AuditEntryResource,
  type Page,
  type StreamEventResource,
  type TemplateResource,
  type WorkspaceResource,
} from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult } from '@steward/testing';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
type Client = ReturnType<typeof apiAs>;

let acme: BootstrapResult;
let api: Client;
let other: Client;
let workspace: WorkspaceResource;
let secondWorkspace: WorkspaceResource;

async function createWorkspace(client: Client, name: string): Promise<WorkspaceResource> {
  const res = await client.post<WorkspaceResource>('/v1/workspaces', { name });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  acme = await bootstrapOrganization('Templates Inc', uniqueEmail('tpl-owner'));
  api = apiAs(acme.api_key);
  other = apiAs((await bootstrapOrganization('Other Templates Inc', uniqueEmail('tpl-other'))).api_key);
  workspace = await createWorkspace(api, `Automation ${Date.now()}`);
  secondWorkspace = await createWorkspace(api, `Security ${Date.now()}`);
});

let count = 0;
async function createTemplate(body: Record<string, unknown> = {}, client = api) {
  return client.post<TemplateResource>('/v1/templates', {
    name: `Template ${++count}`,
    workspace_id: workspace.id,
    content: { type: 'http', options: { url: 'https://example.test', method: 'post' } },
    ...body,
  });
}

function patch(id: string, body: unknown, headers: Record<string, string> = {}, client = api) {
  return client.request<TemplateResource>('PATCH', `/v1/templates/${id}`, { body, headers });
}

async function auditEntry(client: Client, action: string, targetId: string): Promise<AuditEntryResource> {
  return eventually(
    async () => {
      const res = await client.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&limit=100`);
      return res.body.data.find((e) => e.target.id === targetId);
    },
    { what: `the ${action} audit entry of ${targetId}` },
  );
}

/** An object whose compact JSON is `bytes` long. */
function contentOfSize(bytes: number): Record<string, unknown> {
  return { body: 'x'.repeat(bytes - '{"body":""}'.length) };
}

/** JSON text of objects nested `levels` deep (as text: JSON.stringify itself overflows far sooner). */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{"leaf":true}${'}'.repeat(levels - 1)}`;
}

function postRaw(client: Client, json: string) {
  return client.request<TemplateResource>('POST', '/v1/templates', { rawBody: json, headers: { 'content-type': 'application/json' } });
}

describe('template CRUD', () => {
  it('creates a template (201, ETag, Location) readable at once, and lists it', async () => {
    const content = { type: 'http', options: { url: 'https://example.test', headers: { 'x-a': '1' } }, steps: [1, 'two', null, true] };
    const res = await createTemplate({ name: ' Webhook ', description: 'Posts to a URL', content });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^tpl_[0-9a-z]{26}$/),
      name: 'Webhook',
      description: 'Posts to a URL',
      workspace_id: workspace.id,
      content,
      version: 1,
      created_at: expect.stringMatching(ISO),
      updated_at: res.body.created_at,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/templates/${res.body.id}`);

    const fetched = await api.get<TemplateResource>(`/v1/templates/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
    expect(fetched.headers.get('etag')).toBe('"1"');

    const list = await api.get<Page<TemplateResource>>('/v1/templates?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.data.find((t) => t.id === res.body.id)).toEqual(res.body);
  });

  it('returns the content exactly as sent: key order, and keys such as constructor and prototype', async () => {
    const text = '{"zeta":1,"alpha":{"constructor":{"name":"kept"},"prototype":[2,1]},"mid":{"b":null,"a":""}}';
    const res = await postRaw(api, `{"name":"Ordered","workspace_id":"${workspace.id}","content":${text}}`);
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body.content)).toBe(text);
    const fetched = await api.get<TemplateResource>(`/v1/templates/${res.body.id}`);
    expect(JSON.stringify(fetched.body.content)).toBe(text);
  });

  it('lists newest first, filters by workspace, and pages without repeats', async () => {
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await createTemplate({ workspace_id: secondWorkspace.id })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.get<Page<TemplateResource>>>> = await api.get<Page<TemplateResource>>(
        `/v1/templates?workspace_id=${secondWorkspace.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((t) => t.id));
      expect(page.body.data.every((t) => t.workspace_id === secondWorkspace.id)).toBe(true);
      cursor = page.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...mine].reverse());
  });

  it('updates with If-Match; a stale If-Match is refused (412) and changes nothing; a no-op appends nothing', async () => {
    const template = (await createTemplate({ content: { step: 1, retries: 3 } })).body;
    const updated = await patch(template.id, { name: 'Renamed', content: { step: 2, retries: 3 } }, { 'if-match': '"1"' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: template.id, name: 'Renamed', content: { step: 2, retries: 3 }, version: 2 });
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(Date.parse(updated.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(template.updated_at));

    const stale = await patch(template.id, { content: { step: 3 } }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed' } });
    const after = await api.get<TemplateResource>(`/v1/templates/${template.id}`);
    expect(after.body).toMatchObject({ content: { step: 2, retries: 3 }, version: 2 });

    // Same content in another key order, and the same name: nothing changes.
    const noop = await patch(template.id, { name: 'Renamed', content: { retries: 3, step: 2 } }, { 'if-match': '"2"' });
    expect(noop.status).toBe(200);
    expect(noop.body.version).toBe(2);

    const cleared = await patch(template.id, { description: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.description).toBe('');

    const badMatch = await patch(template.id, { name: 'x' }, { 'if-match': 'three' });
    expect(badMatch.status).toBe(400);
  });

  it('moves a template to another workspace of the organization, and refuses an unknown one', async () => {
    const template = (await createTemplate()).body;
    const moved = await patch(template.id, { workspace_id: secondWorkspace.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ workspace_id: secondWorkspace.id, version: 2 });
    const listed = await api.get<Page<TemplateResource>>(`/v1/templates?workspace_id=${secondWorkspace.id}&limit=100`);
    expect(listed.body.data.map((t) => t.id)).toContain(template.id);

    const unknown = await patch(template.id, { workspace_id: 'ws_01jzzzzzzzzzzzzzzzzzzzzzzz' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'workspace_id', issue: 'unknown' }] } });
  });

  it('deletes (204) honouring If-Match; afterwards the template is gone', async () => {
    const template = (await createTemplate()).body;
    const stale = await api.request('DELETE', `/v1/templates/${template.id}`, { headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect((await api.get(`/v1/templates/${template.id}`)).status).toBe(200);

    const removed = await api.request('DELETE', `/v1/templates/${template.id}`, { headers: { 'if-match': '"1"' } });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect((await api.get(`/v1/templates/${template.id}`)).status).toBe(404);
    expect((await patch(template.id, { name: 'Ghost' })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/templates/${template.id}`)).status).toBe(404);
    const list = await api.get<Page<TemplateResource>>('/v1/templates?limit=100');
    expect(list.body.data.map((t) => t.id)).not.toContain(template.id);
  });
});

describe('template rules', () => {
  it.each([
    ['an array', [{ a: 1 }]],
    ['null', null],
    ['a string', '{"a":1}'],
    ['a number', 42],
  ])('refuses %s as content (400 content/not_object), on create and on update', async (_label, content) => {
    const created = await createTemplate({ content });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'content', issue: 'not_object' }] } });
    const template = (await createTemplate()).body;
    const updated = await patch(template.id, { content });
    expect(updated.status).toBe(400);
    expect(updated.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'content', issue: 'not_object' }] } });
  });

  it('refuses a missing content, an empty name, a long description and unknown fields', async () => {
    const noContent = await api.post('/v1/templates', { name: 'No content', workspace_id: workspace.id });
    expect(noContent.status).toBe(400);
    expect(noContent.body).toMatchObject({ error: { details: [{ field: 'content', issue: 'not_object' }] } });
    const emptyName = await createTemplate({ name: '   ' });
    expect(emptyName.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'name' }] } });
    const longDescription = await createTemplate({ description: 'd'.repeat(2001) });
    expect(longDescription.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'description' }] } });
    const extra = await createTemplate({ owner: 'me' });
    expect(extra.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'owner', issue: 'unknown_field' }] } });
  });

  it('refuses a workspace that is unknown or of another organization (400 workspace_id)', async () => {
    const theirWorkspace = await createWorkspace(other, 'Theirs');
    for (const workspace_id of ['ws_01jzzzzzzzzzzzzzzzzzzzzzzz', 'not-an-id', theirWorkspace.id]) {
      const res = await createTemplate({ workspace_id });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'workspace_id', issue: 'unknown' }] } });
    }
  });

  describe('content size and shape (an organization of their own, so other lists stay small)', () => {
    let big: Client;
    let bigWorkspace: WorkspaceResource;

    beforeAll(async () => {
      big = apiAs((await bootstrapOrganization('Big Templates Inc', uniqueEmail('tpl-big'))).api_key);
      bigWorkspace = await createWorkspace(big, 'Big');
    });

    it('accepts content of exactly 256 KiB, and returns it whole', async () => {
      const content = contentOfSize(TEMPLATE_CONTENT_MAX_BYTES);
      const res = await createTemplate({ workspace_id: bigWorkspace.id, content }, big);
      expect(res.status).toBe(201);
      const fetched = await big.get<TemplateResource>(`/v1/templates/${res.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body.content).toEqual(content);
    });

    it('refuses 300 KiB of content (400 content/too_large) on create and update, and a body over 1 MiB (413)', async () => {
      const created = await createTemplate({ workspace_id: bigWorkspace.id, content: contentOfSize(300 * 1024) }, big);
      expect(created.status).toBe(400);
      expect(created.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'content', issue: 'too_large' }] } });

      const template = (await createTemplate({ workspace_id: bigWorkspace.id, content: { small: true } }, big)).body;
      const updated = await patch(template.id, { content: contentOfSize(TEMPLATE_CONTENT_MAX_BYTES + 1) }, {}, big);
      expect(updated.status).toBe(400);
      expect(updated.body).toMatchObject({ error: { details: [{ field: 'content', issue: 'too_large' }] } });
      expect((await big.get<TemplateResource>(`/v1/templates/${template.id}`)).body).toMatchObject({ content: { small: true }, version: 1 });

      const huge = await createTemplate({ workspace_id: bigWorkspace.id, content: contentOfSize(1100 * 1024) }, big);
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ error: { code: 'payload_too_large' } });
    });

    it('refuses deeply nested content with a 400, however deep, and keeps serving', async () => {
      for (const levels of [65, 1000, 100_000]) {
        const res = await postRaw(big, `{"name":"Deep","workspace_id":"${bigWorkspace.id}","content":${nestedJson(levels)}}`);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'content', issue: 'too_deep' }] } });
      }
      // Deep arrays elsewhere in a body, too.
      const deepName = await postRaw(big, `{"name":${'['.repeat(200_000)}${']'.repeat(200_000)},"workspace_id":"${bigWorkspace.id}","content":{}}`);
      expect(deepName.status).toBe(400);
      expect(deepName.body).toMatchObject({ error: { details: [{ field: 'name', issue: 'too_deep' }] } });
      const ok = await postRaw(big, `{"name":"Deep enough","workspace_id":"${bigWorkspace.id}","content":${nestedJson(64)}}`);
      expect(ok.status).toBe(201);
    });

    it('pages large templates so that every page stays deliverable, with no template skipped', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await createTemplate({ workspace_id: bigWorkspace.id, content: contentOfSize(250 * 1024) }, big);
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof big.get<Page<TemplateResource>>>> = await big.get<Page<TemplateResource>>(
          `/v1/templates?workspace_id=${bigWorkspace.id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((t) => t.id));
        cursor = page.body.meta.next_cursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(ids));

      // Two large updates make history events of ~500 KiB each (content before and after).
      const id = ids[0];
      expect((await patch(id, { content: contentOfSize(251 * 1024) }, {}, big)).status).toBe(200);
      expect((await patch(id, { content: contentOfSize(252 * 1024) }, {}, big)).status).toBe(200);
      const versions: number[] = [];
      cursor = null;
      do {
        const page: Awaited<ReturnType<typeof big.get<Page<StreamEventResource>>>> = await big.get<Page<StreamEventResource>>(
          `/v1/templates/${id}/history?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        versions.push(...page.body.data.map((e) => e.version));
        cursor = page.body.meta.next_cursor;
      } while (cursor);
      expect(versions).toEqual([1, 2, 3]);

      // Their audit entries (content before and after) page the same way.
      await eventually(
        async () => {
          const audited: string[] = [];
          let auditCursor: string | null = null;
          do {
            const page: Awaited<ReturnType<typeof big.get<Page<AuditEntryResource>>>> = await big.get<Page<AuditEntryResource>>(
              `/v1/audit-logs?limit=100${auditCursor ? `&cursor=${auditCursor}` : ''}`,
            );
            expect(page.status).toBe(200);
            audited.push(...page.body.data.filter((e) => e.action === 'template.update').map((e) => e.target.id));
            auditCursor = page.body.meta.next_cursor;
          } while (auditCursor);
          return audited.length === 2 ? audited : undefined;
        },
        { what: 'both large template.update audit entries', timeoutMs: 30000, intervalMs: 500 },
      );
    });
  });
});

describe('template history', () => {
  it('lists the creation, then the update, oldest first, with the changes', async () => {
    const template = (await createTemplate({ name: 'Historic', content: { v: 1 } })).body;
    await patch(template.id, { content: { v: 2 } });
    const res = await api.get<Page<StreamEventResource>>(`/v1/templates/${template.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((e) => [e.type, e.version])).toEqual([
      ['template.created', 1],
      ['template.updated', 2],
    ]);
    expect(res.body.data[0].data).toMatchObject({ template_id: template.id, workspace_id: workspace.id, name: 'Historic', content: { v: 1 } });
    expect(res.body.data[1].data).toEqual({ template_id: template.id, workspace_id: workspace.id, changes: { content: { from: { v: 1 }, to: { v: 2 } } } });
    expect(res.body.data[1].actor).toMatchObject({ type: 'api_key' });

    const paged = await api.get<Page<StreamEventResource>>(`/v1/templates/${template.id}/history?limit=1`);
    expect(paged.body.data.map((e) => e.version)).toEqual([1]);
    const next = await api.get<Page<StreamEventResource>>(`/v1/templates/${template.id}/history?limit=1&cursor=${paged.body.meta.next_cursor}`);
    expect(next.body.data.map((e) => e.version)).toEqual([2]);

    expect((await api.get(`/v1/templates/${workspace.id}/history`)).status).toBe(404);
    expect((await api.get('/v1/templates/tpl_01jzzzzzzzzzzzzzzzzzzzzzzz/history')).status).toBe(404);
  });
});

describe('tenancy, scopes and audit', () => {
  it('lets another organization see none of it (404, empty lists) nor change it', async () => {
    const template = (await createTemplate({ name: 'Private' })).body;
    expect((await other.get(`/v1/templates/${template.id}`)).status).toBe(404);
    expect((await other.get(`/v1/templates/${template.id}/history`)).status).toBe(404);
    expect((await patch(template.id, { name: 'Stolen' }, {}, other)).status).toBe(404);
    expect((await other.request('DELETE', `/v1/templates/${template.id}`)).status).toBe(404);
    const theirs = await other.get<Page<TemplateResource>>('/v1/templates?limit=100');
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toEqual([]);
    const byOurWorkspace = await other.get<Page<TemplateResource>>(`/v1/templates?workspace_id=${workspace.id}`);
    expect(byOurWorkspace.body).toEqual({ data: [], meta: { next_cursor: null, has_more: false } });
    expect((await api.get<TemplateResource>(`/v1/templates/${template.id}`)).body).toMatchObject({ name: 'Private', version: 1 });
  });

  it('needs templates:read to read and templates:write to write', async () => {
    const minted = await api.post<ApiKeyResource & { secret: string }>('/v1/api-keys', { name: 'template reader', scopes: ['templates:read'] });
    expect(minted.status).toBe(201);
    const reader = apiAs(minted.body.secret);
    expect((await reader.get('/v1/templates')).status).toBe(200);
    const refused = await createTemplate({}, reader);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect((await request('GET', '/v1/templates')).status).toBe(401);
  });

  it('records template.create, template.update and template.delete with their changes', async () => {
    const template = (await createTemplate({ name: 'Audited', description: 'first', content: { a: 1 } })).body;
    await patch(template.id, { description: 'second', content: { a: 2 } });
    await api.request('DELETE', `/v1/templates/${template.id}`);

    const created = await auditEntry(api, 'template.create', template.id);
    expect(created).toMatchObject({ target: { type: 'template', id: template.id }, workspace_id: workspace.id, actor: { type: 'api_key' } });
    expect(created.changes).toEqual({
      name: { from: null, to: 'Audited' },
      description: { from: null, to: 'first' },
      workspace_id: { from: null, to: workspace.id },
      content: { from: null, to: { a: 1 } },
    });
    const updated = await auditEntry(api, 'template.update', template.id);
    expect(updated.changes).toEqual({ description: { from: 'first', to: 'second' }, content: { from: { a: 1 }, to: { a: 2 } } });
    const deleted = await auditEntry(api, 'template.delete', template.id);
    expect(deleted.changes).toEqual({ name: { from: 'Audited', to: null } });
    // Nothing of it in the other organization's audit log.
    const theirs = await other.get<Page<AuditEntryResource>>('/v1/audit-logs?action=template.create&limit=100');
    expect(theirs.body.data.map((e) => e.target.id)).not.toContain(template.id);
  });
});

describe('deleting a workspace', () => {
  it('deletes its templates (one template.deleted each), and leaves those of other workspaces', async () => {
    const doomed = await createWorkspace(api, `Doomed ${Date.now()}`);
    const first = (await createTemplate({ workspace_id: doomed.id })).body;
    const second = (await createTemplate({ workspace_id: doomed.id })).body;
    const survivor = (await createTemplate({ workspace_id: secondWorkspace.id })).body;

    expect((await api.request('DELETE', `/v1/workspaces/${doomed.id}`)).status).toBe(204);
    // A template cannot be put in the deleted workspace any more.
    expect((await createTemplate({ workspace_id: doomed.id })).status).toBe(400);

    for (const template of [first, second]) {
      await eventually(async () => ((await api.get(`/v1/templates/${template.id}`)).status === 404 ? true : undefined), {
        what: `template ${template.id} to go with its workspace`,
      });
      const history = await api.get<Page<StreamEventResource>>(`/v1/templates/${template.id}/history`);
      expect(history.body.data.map((e) => e.type)).toEqual(['template.created', 'template.deleted']);
      const entry = await auditEntry(api, 'template.delete', template.id);
      expect(entry).toMatchObject({ workspace_id: doomed.id, actor: { type: 'api_key' } });
    }
    expect((await api.get<Page<TemplateResource>>(`/v1/templates?workspace_id=${doomed.id}`)).body.data).toEqual([]);
    expect((await api.get(`/v1/templates/${survivor.id}`)).status).toBe(200);
  });
});
