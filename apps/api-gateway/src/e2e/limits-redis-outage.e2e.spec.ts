/**
 * Gateways without Redis, and a Redis outage, on real processes: the API stays up.
 *
 * - A gateway started without REDIS_URL says so in its log and keeps rate limits and
 *   idempotency keys in its own memory (for one gateway; not shared).
 * - A gateway whose Redis goes down keeps serving: rate limits fall back to its memory (each key
 *   still limited), a POST with Idempotency-Key answers 503 `unavailable` without running (it
 *   cannot be made safe to retry), a POST without one runs; once Redis is back, so is everything.
 *
 * The stack's own Redis is shared with other runs on this machine and is never stopped: the
 * outage is caused on a redis-server of this run's own (stack/test-redis.ts) that a third
 * gateway process of the stack uses.
 */
import type { ApiKeyResource, Page, UserResource } from '@steward/contracts';
import {
  apiAs,
  bootstrapOrganization,
  eventually,
  startExtraGateway,
  startTestRedis,
  stopTestRedis,
  stopTestService,
  testExtraGatewayPort,
  testRedisUrl,
  testServiceLog,
  uniqueEmail,
  type BootstrapResult,
} from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;
let extra: { name: string; url: string } | undefined;

beforeAll(async () => {
  org = await bootstrapOrganization('Redis Outage Inc', uniqueEmail('redis-outage'));
  admin = apiAs(org.api_key);
});

afterEach(async () => {
  if (extra) await stopTestService(extra.name);
  extra = undefined;
  await stopTestRedis();
});

const newKey = () => `outage-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const userBody = (email: string) => ({ name: 'Outage User', email, role: 'viewer', send_invitation: false });

async function limitedKey(): Promise<CreatedKey> {
  const res = await admin.post<CreatedKey>('/v1/api-keys', { name: `limited ${Date.now()}`, scopes: ['users:read', 'users:write'], rate_limit_per_minute: 5 });
  expect(res.status).toBe(201);
  return res.body;
}

async function usersWith(email: string): Promise<UserResource[]> {
  const res = await admin.get<Page<UserResource>>(`/v1/users?q=${encodeURIComponent(email)}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.data;
}

/** Five calls pass, the sixth is refused with the headers — all on one gateway. */
async function expectLimitOfFive(client: ReturnType<typeof apiAs>): Promise<void> {
  for (let call = 1; call <= 5; call++) {
    const res = await client.get('/v1/users?limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-remaining')).toBe(String(5 - call));
  }
  const sixth = await client.get('/v1/users?limit=1');
  expect(sixth.status).toBe(429);
  expect(sixth.body).toMatchObject({ error: { code: 'rate_limited' } });
  expect(sixth.headers.get('ratelimit-limit')).toBe('5');
  expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('without Redis', () => {
  it('a gateway without REDIS_URL says so and keeps limits and idempotency keys in its memory', async () => {
    extra = await startExtraGateway(testExtraGatewayPort(1), { REDIS_URL: '' });
    expect(testServiceLog(`api-gateway-${testExtraGatewayPort(1)}`)).toContain('REDIS_URL is not set');

    const key = await limitedKey();
    await expectLimitOfFive(apiAs(key.secret, extra.url));
    // Its counts are its own: the stack's gateway (on the shared Redis) has not seen these calls.
    expect((await apiAs(key.secret).get('/v1/users?limit=1')).headers.get('ratelimit-remaining')).toBe('4');

    const email = uniqueEmail('memory-idem');
    const idempotencyKey = newKey();
    const onExtra = apiAs(org.api_key, extra.url);
    expect((await onExtra.post('/v1/users', userBody(email), { 'idempotency-key': idempotencyKey })).status).toBe(201);
    const again = await onExtra.post('/v1/users', userBody(email), { 'idempotency-key': idempotencyKey });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await usersWith(email)).toHaveLength(1);
  }, 180_000);
});

describe('Redis outage', () => {
  it('keeps the API up: limits per gateway, 503 for idempotent POSTs (not run), all back with Redis', async () => {
    await startTestRedis();
    extra = await startExtraGateway(testExtraGatewayPort(1), { REDIS_URL: testRedisUrl() });
    const logName = `api-gateway-${testExtraGatewayPort(1)}`;
    const onExtra = apiAs(org.api_key, extra.url);
    const before = await onExtra.post('/v1/users', userBody(uniqueEmail('before-outage')), { 'idempotency-key': newKey() });
    expect(before.status).toBe(201);

    await stopTestRedis();

    // A POST with Idempotency-Key cannot be made safe: refused, and not run.
    const email = uniqueEmail('during-outage');
    const idempotencyKey = newKey();
    const refused = await onExtra.post('/v1/users', userBody(email), { 'idempotency-key': idempotencyKey });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'unavailable', status: 503 } });
    expect(await usersWith(email)).toHaveLength(0);
    // Everything else is served; each key stays limited, by this gateway's own count.
    expect((await onExtra.post('/v1/users', userBody(uniqueEmail('no-key-during-outage')))).status).toBe(201);
    const key = await limitedKey();
    await expectLimitOfFive(apiAs(key.secret, extra.url));
    expect(testServiceLog(logName)).toContain('Redis is unavailable');

    await startTestRedis();

    // Back: the refused request runs now, once, and replays.
    const ran = await eventually(
      async () => {
        const res = await onExtra.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': idempotencyKey });
        return res.status === 503 ? undefined : res;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the gateway to reconnect to Redis' },
    );
    expect(ran.status).toBe(201);
    const again = await onExtra.post<UserResource>('/v1/users', userBody(email), { 'idempotency-key': idempotencyKey });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(ran.body);
    expect(await usersWith(email)).toHaveLength(1);
  }, 180_000);
});
