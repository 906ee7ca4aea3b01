/**
 * Rate limits per API key (API.md "Rate limits"), on the real stack with two gateway processes
 * sharing Redis: every response of an identified key carries RateLimit-Limit/-Remaining/-Reset;
 * past the limit, 429 `rate_limited` with Retry-After — on Nest routes and the native verify
 * route alike, and whichever gateway the calls go to.
 */
import type { ApiKeyResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, request, startExtraGateway, stopTestService, testExtraGatewayPort, uniqueEmail, type ApiResponse, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;
let second: { name: string; url: string };

beforeAll(async () => {
  org = await bootstrapOrganization('Rate Limits Inc', uniqueEmail('ratelimits'));
  admin = apiAs(org.api_key);
  second = await startExtraGateway(testExtraGatewayPort(0));
}, 180_000);

afterAll(async () => {
  if (second) await stopTestService(second.name);
});

async function createKey(scopes: string[], rateLimit?: number): Promise<CreatedKey> {
  const res = await admin.post<CreatedKey>('/v1/api-keys', { name: `limited ${Date.now()}`, scopes, ...(rateLimit ? { rate_limit_per_minute: rateLimit } : {}) });
  expect(res.status).toBe(201);
  return res.body;
}

function limitHeaders(res: ApiResponse) {
  return {
    limit: res.headers.get('ratelimit-limit'),
    remaining: res.headers.get('ratelimit-remaining'),
    reset: Number(res.headers.get('ratelimit-reset')),
    retryAfter: res.headers.get('retry-after'),
  };
}

function expectReset(seconds: number): void {
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

describe('rate limits', () => {
  it('every response of a key carries its limit (1,000 a minute by default), errors included', async () => {
    const ok = await admin.get('/v1/users?limit=1');
    expect(ok.status).toBe(200);
    const headers = limitHeaders(ok);
    expect(headers.limit).toBe('1000');
    expect(Number(headers.remaining)).toBeLessThan(1000);
    expectReset(headers.reset);
    expect(headers.retryAfter).toBeNull();

    const missing = await admin.get('/v1/users/usr_01jz0000000000000000000000');
    expect(missing.status).toBe(404);
    expect(limitHeaders(missing).limit).toBe('1000');

    const reader = await createKey(['users:read']);
    const refused = await apiAs(reader.secret).post('/v1/workspaces', { name: 'not allowed' });
    expect(refused.status).toBe(403);
    expect(limitHeaders(refused)).toMatchObject({ limit: '1000', remaining: '999' });
  });

  it('a key with rate_limit_per_minute 5 gets 429 on the sixth call, also when calls alternate between two gateways', async () => {
    const key = await createKey(['users:read'], 5);
    const gateways = [undefined, second.url];
    for (let call = 1; call <= 5; call++) {
      const res = await apiAs(key.secret, gateways[call % 2]).get('/v1/users?limit=1');
      expect(res.status).toBe(200);
      expect(limitHeaders(res)).toMatchObject({ limit: '5', remaining: String(5 - call), retryAfter: null });
    }
    const sixth = await apiAs(key.secret, gateways[0]).get('/v1/users?limit=1');
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ error: { code: 'rate_limited', status: 429, request_id: sixth.headers.get('x-request-id') } });
    const refused = limitHeaders(sixth);
    expect(refused).toMatchObject({ limit: '5', remaining: '0' });
    expectReset(refused.reset);
    expect(Number(refused.retryAfter)).toBe(refused.reset);

    // The other gateway refuses it too, and so does every route.
    const seventh = await apiAs(key.secret, second.url).get('/v1/users?limit=1');
    expect(seventh.status).toBe(429);
    expect(seventh.headers.get('retry-after')).not.toBeNull();
    // Other keys of the organization are not affected.
    expect((await admin.get('/v1/users?limit=1')).status).toBe(200);
  });

  it('the native verify route counts and refuses the same way', async () => {
    const key = await createKey(['keys:read'], 5);
    const verifier = [apiAs(key.secret), apiAs(key.secret, second.url)];
    for (let call = 1; call <= 5; call++) {
      const res = await verifier[call % 2].post<{ valid: boolean }>('/v1/api-keys/verify', { key: org.api_key });
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(true);
      expect(limitHeaders(res)).toMatchObject({ limit: '5', remaining: String(5 - call) });
    }
    const sixth = await verifier[0].post('/v1/api-keys/verify', { key: org.api_key });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ error: { code: 'rate_limited', status: 429 } });
    expect(limitHeaders(sixth)).toMatchObject({ limit: '5', remaining: '0' });
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('calls without a key have no per-key limit and no RateLimit headers', async () => {
    const health = await request('GET', '/health/live');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
    const unauthorized = await request('GET', '/v1/users');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('ratelimit-limit')).toBeNull();
  });
});
