/**
 * Key-vault down while the rest of the stack runs (the real process stopped, then started again):
 * the gateway fails closed for what it cannot check, keeps serving keys its event-fed cache
 * holds, and a command that answered 503 does not take effect once key-vault is back.
 *
 * A Kafka outage is not caused here: the broker is shared with other runs on this machine. The
 * cache's fail-closed rules for a lapsed subscription are covered by auth/api-key-cache and
 * auth/subscription-health unit specs.
 */
import type { ApiKeyResource, Page } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, startTestService, stopTestService, testServiceLog, uniqueEmail, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('Outage Inc', uniqueEmail('outage'));
  admin = apiAs(org.api_key);
});

afterAll(async () => {
  // Whatever happened above, the next spec gets a whole stack.
  await startTestService('key-vault').catch((error: unknown) => {
    if (!/still running/.test(String(error))) throw error;
  });
});

async function createKey(name: string): Promise<CreatedKey> {
  const res = await admin.post<CreatedKey>('/v1/api-keys', { name, scopes: ['users:read'] });
  expect(res.status).toBe(201);
  return res.body;
}

/** key-vault's log lines saying it dropped the request with this id past its deadline. */
function dropLines(log: string, requestId: string): number {
  return log.split('\n').filter((line) => line.includes(requestId) && line.includes('past its deadline')).length;
}

describe('key-vault outage', () => {
  it('fails closed for unchecked keys, serves cached ones, and drops the commands it answered 503', async () => {
    const inUse = await createKey('in use before the outage');
    const neverUsed = await createKey('first used during the outage');
    expect((await apiAs(inUse.secret).get('/v1/users?limit=1')).status).toBe(200);
    expect((await admin.get('/v1/users?limit=1')).status).toBe(200);

    await stopTestService('key-vault');

    // Cached keys keep working for calls that do not need key-vault.
    expect((await apiAs(inUse.secret).get('/v1/users?limit=1')).status).toBe(200);

    // A key the gateway has not seen cannot be checked: refused with 503, never let through.
    const unchecked = await apiAs(neverUsed.secret).get('/v1/users?limit=1');
    expect(unchecked.status).toBe(503);
    expect(unchecked.body).toMatchObject({ error: { code: 'unavailable', status: 503 } });
    expect(unchecked.text).not.toContain(neverUsed.secret);
    const verified = await admin.post('/v1/api-keys/verify', { key: neverUsed.secret });
    expect(verified.status).toBe(503);
    expect(verified.body).toMatchObject({ error: { code: 'unavailable' } });

    // A command key-vault cannot take answers 503 …
    const created = await request('POST', '/v1/api-keys', {
      key: org.api_key,
      body: { name: 'asked for during the outage', scopes: ['users:read'] },
      headers: { 'x-request-id': `outage-create-${Date.now()}` },
    });
    expect(created.status).toBe(503);
    expect(created.body).toMatchObject({ error: { code: 'unavailable' } });
    const createRequestId = created.headers.get('x-request-id') as string;

    await startTestService('key-vault');

    // … and is not executed later, when key-vault is back and reads it from its request topic:
    // it is dropped as past its deadline (wait for that to have happened, then look).
    await eventually(async () => (dropLines(testServiceLog('key-vault'), createRequestId) > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'key-vault to take the request it missed and drop it',
    });
    const keys = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?limit=100');
    expect(keys.status).toBe(200);
    const names = keys.body.data.map((key) => key.name);
    expect(names).toEqual(expect.arrayContaining(['in use before the outage', 'first used during the outage']));
    expect(names).not.toContain('asked for during the outage');

    // The key refused during the outage works now.
    expect((await apiAs(neverUsed.secret).get('/v1/users?limit=1')).status).toBe(200);
    expect((await admin.post('/v1/api-keys/verify', { key: neverUsed.secret })).body).toMatchObject({ valid: true, key_id: neverUsed.id });
  }, 180_000);
});
