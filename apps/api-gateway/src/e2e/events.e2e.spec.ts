/**
 * The public event feed and the AsyncAPI document, on the real stack: commands in identity,
 * workspace and key-vault become CloudEvents in `GET /v1/events` (kept by the audit service from
 * the events topics), oldest first, filtered by type, walked page by page with `after`, without
 * internal fields (key hashes, token nonces) or secrets, per organization; `/asyncapi.json`
 * documents every topic and type without a key.
 */
import { EVENT_DEFINITIONS, hashApiKey, newId, type ApiKeyResource, type CloudEvent, type Page, type UserResource, type WorkspaceResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult } from '@steward/testing';

type Client = ReturnType<typeof apiAs>;
type CreatedKey = ApiKeyResource & { secret: string };

/** Across services and topics (the feed's consumer may still be joining its group at first). */
const ACROSS = { timeoutMs: 30000, intervalMs: 200 };
const CONTEXT_OF_TYPE = new Map([...EVENT_DEFINITIONS.values()].map((d) => [d.type, d.context]));

let org: BootstrapResult;
let api: Client;
let otherOrg: BootstrapResult;
let other: Client;

beforeAll(async () => {
  org = await bootstrapOrganization('Feed Co', uniqueEmail('feed-owner'));
  api = apiAs(org.api_key);
  otherOrg = await bootstrapOrganization('Other Feed Co', uniqueEmail('feed-other'));
  other = apiAs(otherOrg.api_key);
});

/** Every event of the feed (with `query`), walked page by page with `after`. */
async function walkFeed(client: Client, query = '', limit = 100): Promise<{ events: CloudEvent[]; pages: Page<CloudEvent>[] }> {
  const events: CloudEvent[] = [];
  const pages: Page<CloudEvent>[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const res: { status: number; body: Page<CloudEvent> } = await client.get<Page<CloudEvent>>(
      `/v1/events?limit=${limit}${query ? `&${query}` : ''}${after ? `&after=${after}` : ''}`,
    );
    expect(res.status).toBe(200);
    pages.push(res.body);
    events.push(...res.body.data);
    if (!res.body.meta.has_more) return { events, pages };
    after = res.body.meta.next_cursor;
  }
  throw new Error('the feed did not end');
}

/** Waits until the feed holds an event matching `match`, and returns it. */
async function feedEvent(client: Client, what: string, match: (event: CloudEvent) => boolean): Promise<CloudEvent> {
  return eventually(async () => (await walkFeed(client)).events.find(match), { what, ...ACROSS });
}

function ids(events: CloudEvent[]): string[] {
  return events.map((e) => e.id);
}

describe('GET /v1/events', () => {
  let user: UserResource;
  let workspace: WorkspaceResource;
  let key: CreatedKey;
  /** The events of the three commands, in the order they were made. */
  const made: CloudEvent[] = [];

  beforeAll(async () => {
    // Each command waits for the previous one's event in the feed, so their order in the feed
    // is the order they were made (events of different topics have no order of their own).
    const created = await api.post<UserResource>('/v1/users', { name: 'Feed Person', email: uniqueEmail('feed-person'), role: 'viewer', send_invitation: false });
    expect(created.status).toBe(201);
    user = created.body;
    made.push(await feedEvent(api, 'user.created', (e) => e.type === 'user.created' && e.subject === user.id));

    const ws = await api.post<WorkspaceResource>('/v1/workspaces', { name: `Feed workspace ${Date.now()}` });
    expect(ws.status).toBe(201);
    workspace = ws.body;
    made.push(await feedEvent(api, 'workspace.created', (e) => e.type === 'workspace.created' && e.subject === workspace.id));

    const minted = await api.post<CreatedKey>('/v1/api-keys', { name: 'Feed reader', scopes: ['events:read'] });
    expect(minted.status).toBe(201);
    key = minted.body;
    made.push(await feedEvent(api, 'api_key.created', (e) => e.type === 'api_key.created' && e.subject === key.id));
  });

  it('shows the commands of identity, workspace and key-vault as CloudEvents, oldest first', async () => {
    const { events } = await walkFeed(api);
    const positions = made.map((m) => events.findIndex((e) => e.id === m.id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const [userCreated, workspaceCreated, keyCreated] = made;
    const envelope = (type: string, subject: string) => ({
      specversion: '1.0',
      id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      type,
      source: `steward/${CONTEXT_OF_TYPE.get(type)}`,
      subject,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      datacontenttype: 'application/json',
      orgid: org.organization_id,
      actor: { type: 'api_key', id: expect.stringMatching(/^key_/) },
      requestid: expect.any(String),
      streamversion: 1,
      dataversion: 1,
    });
    expect(userCreated).toMatchObject({ ...envelope('user.created', user.id), data: { user_id: user.id, name: 'Feed Person', role: 'viewer', status: 'active' } });
    expect(workspaceCreated).toMatchObject({ ...envelope('workspace.created', workspace.id), data: { workspace_id: workspace.id, name: workspace.name } });
    expect(keyCreated).toMatchObject({ ...envelope('api_key.created', key.id), data: { key_id: key.id, name: 'Feed reader', prefix: key.prefix, scopes: ['events:read'] } });

    // The organization's beginning is there too: bootstrap's organization, owner and admin key.
    expect(events.find((e) => e.type === 'organization.created')).toMatchObject({ subject: org.organization_id, orgid: org.organization_id });
    expect(events.find((e) => e.type === 'user.created' && e.subject === org.user_id)).toBeDefined();
  });

  it('keeps the events of one resource in their stream order', async () => {
    for (const name of ['Renamed once', 'Renamed twice']) {
      expect((await api.request('PATCH', `/v1/workspaces/${workspace.id}`, { body: { name } })).status).toBe(200);
    }
    const events = await eventually(
      async () => {
        const { events: all } = await walkFeed(api, 'type=workspace.*');
        const mine = all.filter((e) => e.subject === workspace.id);
        return mine.length === 3 ? mine : undefined;
      },
      { what: 'the workspace renames in the feed', ...ACROSS },
    );
    expect(events.map((e) => [e.type, e.streamversion])).toEqual([
      ['workspace.created', 1],
      ['workspace.updated', 2],
      ['workspace.updated', 3],
    ]);
    expect(events[2].data).toEqual({ workspace_id: workspace.id, changes: { name: { from: 'Renamed once', to: 'Renamed twice' } } });
  });

  it('filters by an exact type, and by every type of a resource with `<resource>.*`', async () => {
    const { events: created } = await walkFeed(api, 'type=api_key.created');
    expect(created.length).toBeGreaterThanOrEqual(2); // bootstrap's admin key and the reader key
    expect(new Set(created.map((e) => e.type))).toEqual(new Set(['api_key.created']));
    expect(ids(created)).toContain(made[2].id);

    const { events: users } = await walkFeed(api, 'type=user.*');
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(users.every((e) => e.type.startsWith('user.'))).toBe(true);
    expect(ids(users)).toContain(made[0].id);

    // A filtered feed is the unfiltered one with the other types left out, in the same order.
    const { events: all } = await walkFeed(api);
    expect(ids(users)).toEqual(ids(all.filter((e) => e.type.startsWith('user.') && ids(users).includes(e.id))));
  });

  it('refuses a type that names no event type (400)', async () => {
    for (const type of ['user.create', 'users.*', '*']) {
      const res = await api.get(`/v1/events?type=${encodeURIComponent(type)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'type', issue: 'unknown' }] } });
    }
  });

  it('walks page by page with `after` without gaps or repeats, and continues a filtered walk', async () => {
    const { events: whole } = await walkFeed(api, '', 100);
    const { events: walked, pages } = await walkFeed(api, '', 2);
    expect(pages.length).toBeGreaterThan(2);
    expect(ids(walked).slice(0, whole.length)).toEqual(ids(whole));
    expect(new Set(ids(walked)).size).toBe(walked.length);
    for (const page of pages.slice(0, -1)) {
      expect(page.data).toHaveLength(2);
      expect(page.meta).toEqual({ has_more: true, next_cursor: page.data[1].id });
    }
    expect(pages[pages.length - 1].meta).toEqual({ has_more: false, next_cursor: null });

    // `after` an event of another type: the filtered page is what follows its position.
    const res = await api.get<Page<CloudEvent>>(`/v1/events?type=api_key.created&after=${made[1].id}`);
    expect(res.status).toBe(200);
    const following = whole.slice(whole.findIndex((e) => e.id === made[1].id) + 1).filter((e) => e.type === 'api_key.created');
    expect(ids(res.body.data).slice(0, following.length)).toEqual(ids(following));
    expect(ids(res.body.data)).toContain(made[2].id);

    // Tailing: after the last event there is nothing, until something happens.
    const last = walked[walked.length - 1].id;
    const empty = await api.get<Page<CloudEvent>>(`/v1/events?after=${last}`);
    expect(empty.body).toEqual({ data: [], meta: { has_more: false, next_cursor: null } });
    const role = await api.post<{ id: string }>('/v1/roles', { name: `Feed auditor ${Date.now()}`, permissions: ['events:read'] });
    expect(role.status).toBe(201);
    const next = await eventually(
      async () => {
        const page = await api.get<Page<CloudEvent>>(`/v1/events?after=${last}`);
        return page.body.data.length ? page.body.data : undefined;
      },
      { what: 'the next event after the tail', ...ACROSS },
    );
    expect(next[0]).toMatchObject({ type: 'role.created', subject: role.body.id });
  });

  it('never shows a key hash or a secret: api_key.created and api_key.rotated without hashes, invitations without token nonces', async () => {
    const rotated = await api.post<CreatedKey>(`/v1/api-keys/${key.id}/rotate`, {});
    expect(rotated.status).toBe(200);
    const invited = await api.post<UserResource>('/v1/users', { name: 'Feed Invitee', email: uniqueEmail('feed-invitee'), role: 'viewer' });
    expect(invited.status).toBe(201);
    await feedEvent(api, 'api_key.rotated', (e) => e.type === 'api_key.rotated' && e.subject === key.id);
    await feedEvent(api, 'invitation.created', (e) => e.type === 'invitation.created' && e.data.user_id === invited.body.id);

    const { events } = await walkFeed(api);
    const createdEvent = events.find((e) => e.type === 'api_key.created' && e.subject === key.id) as CloudEvent;
    expect(Object.keys(createdEvent.data).sort()).toEqual(
      ['created_by', 'deliver', 'destination_id', 'expires_at', 'key_id', 'name', 'prefix', 'rate_limit_per_minute', 'scopes', 'workspace_id'],
    );
    const rotatedEvent = events.find((e) => e.type === 'api_key.rotated' && e.subject === key.id) as CloudEvent;
    expect(Object.keys(rotatedEvent.data).sort()).toEqual(['key_id', 'prefix', 'previous_valid_until']);
    const invitationEvent = events.find((e) => e.type === 'invitation.created' && e.data.user_id === invited.body.id) as CloudEvent;
    expect(invitationEvent.data).not.toHaveProperty('token_nonce');
    expect(invitationEvent.data).toMatchObject({ user_id: invited.body.id, role: 'viewer' });

    // Nowhere in the whole feed: the secrets, their bodies, their SHA-256 hashes, any hash field.
    const text = JSON.stringify(events);
    for (const secret of [key.secret, rotated.body.secret, org.api_key]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('sk_live_'.length));
      expect(text).not.toContain(hashApiKey(secret));
    }
    expect(text).not.toMatch(/secret_hash|token_nonce|[0-9a-f]{64}/);
    expect(text).toContain(key.id); // the scan reads what it claims to
  });

  it("shows an organization only its own events, and refuses another organization's event id as `after`", async () => {
    const mine = await walkFeed(api);
    const theirs = await eventually(
      async () => {
        const feed = await walkFeed(other);
        return feed.events.some((e) => e.type === 'organization.created') ? feed : undefined;
      },
      { what: "the other organization's first events", ...ACROSS },
    );
    expect(theirs.events.every((e) => e.orgid === otherOrg.organization_id)).toBe(true);
    expect(mine.events.every((e) => e.orgid === org.organization_id)).toBe(true);
    const theirIds = new Set(ids(theirs.events));
    expect(ids(mine.events).filter((id) => theirIds.has(id))).toEqual([]);

    const res = await other.get(`/v1/events?after=${made[0].id}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'after', issue: 'unknown' }] } });
  });

  it('refuses a malformed or unknown `after`, a `cursor`, and a limit out of range (400)', async () => {
    const cases: [string, { field: string; issue: string }][] = [
      ['after=nope', { field: 'after', issue: 'format' }],
      [`after=${made[0].id.replace(/^evt_/, 'usr_')}`, { field: 'after', issue: 'format' }],
      [`after=${newId('evt')}`, { field: 'after', issue: 'unknown' }],
      ['cursor=abc', { field: 'cursor', issue: 'unknown_field' }],
      ['limit=0', { field: 'limit', issue: 'min' }],
      ['limit=101', { field: 'limit', issue: 'max' }],
    ];
    for (const [query, detail] of cases) {
      const res = await api.get<{ error: { message: string } }>(`/v1/events?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', status: 400, details: [detail] } });
      expect(res.body.error.message).toMatch(detail.field);
    }
  });

  it('needs the events:read scope (403 without it, 401 without a key)', async () => {
    const minted = await api.post<CreatedKey>('/v1/api-keys', { name: 'No events', scopes: ['users:read', 'audit:read'] });
    expect(minted.status).toBe(201);
    const res = await apiAs(minted.body.secret).get('/v1/events');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect((await request('GET', '/v1/events')).status).toBe(401);
  });

  it('serves the feed to a key holding only events:read', async () => {
    const minted = await api.post<CreatedKey>('/v1/api-keys', { name: 'Only events', scopes: ['events:read'] });
    expect(minted.status).toBe(201);
    const res = await apiAs(minted.body.secret).get<Page<CloudEvent>>('/v1/events?limit=5');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(5);
    expect(res.body.data.every((e) => e.orgid === org.organization_id)).toBe(true);
  });
});

describe('GET /asyncapi.json', () => {
  it('answers without a key: an AsyncAPI 3.0 document of every events topic and every event type', async () => {
    const res = await request<{
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
      components: { messages: Record<string, { payload: unknown }> };
    }>('GET', '/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.asyncapi).toBe('3.0.0');
    const namespace = process.env.STEWARD_NAMESPACE as string;
    expect(Object.values(res.body.channels).map((c) => c.address).sort()).toEqual(
      ['identity', 'key-vault', 'workspace'].map((context) => `${namespace}.${context}.events`),
    );
    const types = [...EVENT_DEFINITIONS.keys()].sort();
    expect(Object.keys(res.body.components.messages).sort()).toEqual(types);
    expect(Object.values(res.body.channels).flatMap((c) => Object.keys(c.messages)).sort()).toEqual(types);
    expect(res.text).not.toMatch(/secret_hash|token_nonce/);
  });

  it('is refused for other methods (405)', async () => {
    const res = await request('POST', '/asyncapi.json', { body: {} });
    expect(res.status).toBe(405);
  });
});
