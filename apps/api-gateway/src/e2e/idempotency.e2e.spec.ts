/**
 * Idempotency-Key on POST (API.md "Writes"), on the real stack with two gateway processes
 * sharing Redis: the same key and body replays the first response (status, body,
 * `Idempotent-Replayed: true`) from any gateway, also after the gateway restarted; another body
 * is 422 `idempotency_mismatch`; concurrent duplicates run once.
 */
import type { Page, UserResource } from '@steward/contracts';
import {
  apiAs,
  bootstrapOrganization,
  startExtraGateway,
  startTestService,
  stopTestService,
  testExtraGatewayPort,
  uniqueEmail,
  type ApiResponse,
  type BootstrapResult,
} from '@steward/testing';

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;
let second: { name: string; url: string };
let viaSecond: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('Idempotency Inc', uniqueEmail('idempotency'));
  admin = apiAs(org.api_key);
  second = await startExtraGateway(testExtraGatewayPort(0));
  viaSecond = apiAs(org.api_key, second.url);
}, 180_000);

afterAll(async () => {
  if (second) await stopTestService(second.name);
  // Whatever happened above, the next spec gets the stack's gateway.
  await startTestService('api-gateway').catch((error: unknown) => {
    if (!/still running/.test(String(error))) throw error;
  });
});

const newKey = () => `idem-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const userBody = (email: string) => ({ name: 'Idem Potent', email, role: 'viewer', send_invitation: false });

async function usersWith(email: string): Promise<UserResource[]> {
  const res = await admin.get<Page<UserResource>>(`/v1/users?q=${encodeURIComponent(email)}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const replayed = (res: ApiResponse) => res.headers.get('idempotent-replayed');

describe('Idempotency-Key', () => {
  it('replays the first response, from any gateway: same status, body and headers, marked Idempotent-Replayed', async () => {
    const key = newKey();
    const email = uniqueEmail('idem-replay');
    const first = await admin.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(replayed(first)).toBeNull();

    const again = await viaSecond.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(replayed(again)).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await usersWith(email)).toHaveLength(1);

    // The same body in another key order and spacing is the same request.
    const reordered = await admin.request<UserResource>('POST', '/v1/users', {
      rawBody: JSON.stringify({ send_invitation: false, role: 'viewer', email, name: 'Idem Potent' }, null, 2),
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    });
    expect(reordered.status).toBe(201);
    expect(replayed(reordered)).toBe('true');
  });

  it('refuses the same key with another body or on another endpoint: 422 idempotency_mismatch', async () => {
    const key = newKey();
    const email = uniqueEmail('idem-mismatch');
    expect((await admin.post('/v1/users', userBody(email), { 'idempotency-key': key })).status).toBe(201);
    const otherBody = await viaSecond.post('/v1/users', { ...userBody(email), name: 'Someone Else' }, { 'idempotency-key': key });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ error: { code: 'idempotency_mismatch', status: 422 } });
    const otherPath = await admin.post('/v1/workspaces', { name: 'Elsewhere' }, { 'idempotency-key': key });
    expect(otherPath.status).toBe(422);
    expect(otherPath.body).toMatchObject({ error: { code: 'idempotency_mismatch' } });
    const users = await usersWith(email);
    expect(users.map((u) => u.name)).toEqual(['Idem Potent']);
  });

  it('ten concurrent identical requests on two gateways create one user', async () => {
    const key = newKey();
    const email = uniqueEmail('idem-race');
    const clients = [admin, viaSecond];
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => clients[i % 2].post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': key })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => replayed(r) === null)).toHaveLength(1);
    expect(responses.filter((r) => replayed(r) === 'true')).toHaveLength(9);
    const users = await usersWith(email);
    expect(users).toHaveLength(1);
    expect(users[0].id).toBe(responses[0].body.id);
  });

  it('replays a refusal that ran (409 email_taken), not one before running (400)', async () => {
    const email = uniqueEmail('idem-taken');
    expect((await admin.post('/v1/users', userBody(email))).status).toBe(201);
    const key = newKey();
    const taken = await admin.post('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(taken.status).toBe(409);
    const again = await viaSecond.post('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'email_taken' } });
    expect(replayed(again)).toBe('true');

    // A body refused by validation is not kept: corrected, the same key runs.
    const fixKey = newKey();
    const invalid = await admin.post('/v1/users', { name: 'No Email', role: 'viewer' }, { 'idempotency-key': fixKey });
    expect(invalid.status).toBe(400);
    const invalidAgain = await admin.post('/v1/users', { name: 'No Email', role: 'viewer' }, { 'idempotency-key': fixKey });
    expect(invalidAgain.status).toBe(400);
    expect(replayed(invalidAgain)).toBeNull();
  });

  it('refuses a malformed Idempotency-Key (400) and leaves POSTs without one as they were', async () => {
    const bad = await admin.post('/v1/users', userBody(uniqueEmail('idem-bad')), { 'idempotency-key': 'x'.repeat(256) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'Idempotency-Key', issue: 'format' }] } });
    const email = uniqueEmail('idem-none');
    expect((await admin.post('/v1/users', userBody(email))).status).toBe(201);
    expect((await admin.post('/v1/users', userBody(email))).status).toBe(409);
  });

  it('applies on the native verify route too', async () => {
    const key = newKey();
    const first = await admin.post<{ valid: boolean }>('/v1/api-keys/verify', { key: org.api_key }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.body.valid).toBe(true);
    const again = await viaSecond.post('/v1/api-keys/verify', { key: org.api_key }, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(replayed(again)).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await admin.post('/v1/api-keys/verify', { key: 'sk_live_other' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_mismatch' } });
  });

  it('survives a gateway restart', async () => {
    const key = newKey();
    const email = uniqueEmail('idem-restart');
    const first = await admin.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(first.status).toBe(201);

    await stopTestService('api-gateway');
    await startTestService('api-gateway');

    const again = await admin.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(replayed(again)).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await usersWith(email)).toHaveLength(1);
  }, 180_000);
});
