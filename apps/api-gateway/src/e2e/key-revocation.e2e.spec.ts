/**
 * Gateway authentication through key-vault on the real stack: a revoked (or rotated-out) key is
 * refused within 1 s of the 204 by the gateway's event-fed key cache, and
 * `POST /v1/api-keys/verify` tells valid, revoked, expired, unknown, malformed and
 * checksum-broken keys apart.
 *
 * Not covered here: Kafka or key-vault outages (fail closed → 503). Stopping Kafka or a service
 * would break the other test runs sharing this machine's broker, so the fail-closed rules are
 * covered by the unit specs of auth/api-key-cache* and auth/subscription-health instead.
 */
import { performance } from 'node:perf_hooks';
import { generateApiKeySecret, type ApiKeyResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, request, uniqueEmail, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };
type Verification = { valid: true; key_id: string; organization_id: string; workspace_id: string | null; destination_id: string | null; scopes: string[] } | { valid: false; reason: string };

/** The bound API.md promises: a revoked key stops working everywhere within 1 s. */
const REFUSED_WITHIN_MS = 1000;

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('Revocation Inc', uniqueEmail('revocation'));
  admin = apiAs(org.api_key);
});

async function createKey(body: Record<string, unknown> = {}): Promise<CreatedKey> {
  const res = await admin.post<CreatedKey>('/v1/api-keys', { name: 'revocation test key', scopes: ['users:read'], ...body });
  expect(res.status).toBe(201);
  return res.body;
}

const useKey = (secret: string) => apiAs(secret).get('/v1/users?limit=1');
const verify = (key: unknown) => admin.post<Verification>('/v1/api-keys/verify', { key });

/**
 * Polls back to back (no sleeping) from `t0` until `refused` holds, then keeps polling until
 * `t0 + REFUSED_WITHIN_MS + 500` and checks that every later answer is refused too. Returns the
 * ms from `t0` to the first refusal (Infinity if none within the bound).
 */
async function firstRefusal(t0: number, ask: () => Promise<boolean>): Promise<{ latencyMs: number; polls: number; acceptedAfterRefusal: number }> {
  let latencyMs = Number.POSITIVE_INFINITY;
  let polls = 0;
  let acceptedAfterRefusal = 0;
  const until = t0 + REFUSED_WITHIN_MS + 500;
  while (performance.now() < until) {
    const refused = await ask();
    polls++;
    if (refused && latencyMs === Number.POSITIVE_INFINITY) latencyMs = performance.now() - t0;
    if (!refused && latencyMs !== Number.POSITIVE_INFINITY) acceptedAfterRefusal++;
  }
  return { latencyMs, polls, acceptedAfterRefusal };
}

describe('revocation through the gateway key cache', () => {
  it('refuses a key that was in use (cached) within 1 s after its revocation, and from then on', async () => {
    const key = await createKey();
    for (let i = 0; i < 3; i++) expect((await useKey(key.secret)).status).toBe(200);

    const revoked = await admin.request('DELETE', `/v1/api-keys/${key.id}`);
    expect(revoked.status).toBe(204);
    const t0 = performance.now();
    const result = await firstRefusal(t0, async () => {
      const res = await useKey(key.secret);
      if (res.status === 401) expect(res.body).toMatchObject({ error: { code: 'invalid_api_key', status: 401 } });
      else expect(res.status).toBe(200);
      return res.status === 401;
    });
    console.info(`revoke → refused: ${result.latencyMs.toFixed(1)} ms after the 204 (${result.polls} requests polled back to back)`);
    expect(result.latencyMs).toBeLessThan(REFUSED_WITHIN_MS);
    expect(result.acceptedAfterRefusal).toBe(0);
  });

  it('refuses a key revoked before it was ever used, at once', async () => {
    const key = await createKey();
    expect((await admin.request('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);
    const res = await useKey(key.secret);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('refuses the old secret of a key rotated without grace within 1 s; the new secret works', async () => {
    const key = await createKey();
    expect((await useKey(key.secret)).status).toBe(200);
    const rotated = await admin.post<CreatedKey>(`/v1/api-keys/${key.id}/rotate`, {});
    expect(rotated.status).toBe(200);
    const t0 = performance.now();
    const result = await firstRefusal(t0, async () => (await useKey(key.secret)).status === 401);
    console.info(`rotate → old secret refused: ${result.latencyMs.toFixed(1)} ms after the 200`);
    expect(result.latencyMs).toBeLessThan(REFUSED_WITHIN_MS);
    expect(result.acceptedAfterRefusal).toBe(0);
    expect((await useKey(rotated.body.secret)).status).toBe(200);
  });
});

describe('POST /v1/api-keys/verify', () => {
  it('answers a valid key with its public metadata, and never echoes the key', async () => {
    const key = await createKey({ scopes: ['users:read', 'keys:read'] });
    const res = await verify(key.secret);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true,
      key_id: key.id,
      organization_id: org.organization_id,
      workspace_id: null,
      destination_id: null,
      scopes: ['users:read', 'keys:read'],
    });
    expect(res.text).not.toContain(key.secret);
    // Again, now that the gateway has it cached.
    expect((await verify(key.secret)).body).toMatchObject({ valid: true, key_id: key.id });
  });

  it('answers revoked for a revoked key (within 1 s of the 204)', async () => {
    const key = await createKey();
    expect((await verify(key.secret)).body).toMatchObject({ valid: true });
    expect((await admin.request('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);
    const t0 = performance.now();
    const result = await firstRefusal(t0, async () => {
      const res = await verify(key.secret);
      expect(res.status).toBe(200);
      return !res.body.valid && res.body.reason === 'revoked';
    });
    expect(result.latencyMs).toBeLessThan(REFUSED_WITHIN_MS);
    expect(result.acceptedAfterRefusal).toBe(0);
  });

  it('answers expired for a key past its expires_at, and the key is refused', async () => {
    const expiresAt = new Date(Date.now() + 4000);
    const key = await createKey({ expires_at: expiresAt.toISOString() });
    expect((await verify(key.secret)).body).toMatchObject({ valid: true, key_id: key.id });
    expect((await useKey(key.secret)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 50));
    const res = await verify(key.secret);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: false, reason: 'expired' });
    expect((await useKey(key.secret)).status).toBe(401);
  });

  it('answers malformed for what is not the shape of a key, and checksum for a mistyped key', async () => {
    const good = generateApiKeySecret();
    const at = good.length - 3;
    const typo = good.slice(0, at) + (good[at] === 'a' ? 'b' : 'a') + good.slice(at + 1);
    for (const [key, reason] of [
      ['', 'malformed'],
      ['not a key', 'malformed'],
      [`${good}x`, 'malformed'],
      [good.replace('sk_live_', 'sk_test_'), 'malformed'],
      [typo, 'checksum'],
    ]) {
      const res = await verify(key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ valid: false, reason });
      if (key) expect(res.text).not.toContain(key);
    }
  });

  it('answers unknown for a well-formed key that was never issued, and for a key of another organization', async () => {
    expect((await verify(generateApiKeySecret())).body).toEqual({ valid: false, reason: 'unknown' });
    const other = await bootstrapOrganization('Other Verify', uniqueEmail('verify-other'));
    expect((await apiAs(other.api_key).get('/v1/users?limit=1')).status).toBe(200); // cached by the gateway now
    expect((await verify(other.api_key)).body).toEqual({ valid: false, reason: 'unknown' });
  });

  it('refuses a body that is not {key: string} with 400', async () => {
    for (const body of [{}, { key: 42 }, { key: null }, { key: ['sk_live_x'] }, { key: 'x', extra: true }, [org.api_key], 'sk_live_x']) {
      const res = await admin.post<{ error: { request_id: string } }>('/v1/api-keys/verify', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', status: 400 } });
      expect(res.headers.get('x-request-id')).toBe(res.body.error.request_id);
    }
    const withQuery = await admin.post('/v1/api-keys/verify?key=x', { key: org.api_key });
    expect(withQuery.status).toBe(400);
    expect(withQuery.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'key', issue: 'unknown_field' }] } });
    const notJson = await request('POST', '/v1/api-keys/verify', { key: org.api_key, rawBody: '{"key":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('needs a valid API key of its own (401) and the keys:read scope (403)', async () => {
    const anonymous = await request('POST', '/v1/api-keys/verify', { rawBody: JSON.stringify({ key: org.api_key }), headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'unauthorized' } });
    const unknownCaller = await apiAs(generateApiKeySecret()).post('/v1/api-keys/verify', { key: org.api_key });
    expect(unknownCaller.status).toBe(401);
    expect(unknownCaller.body).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('needs the keys:read scope', async () => {
    const reader = await createKey({ scopes: ['users:read'] });
    const res = await apiAs(reader.secret).post('/v1/api-keys/verify', { key: reader.secret });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'insufficient_scope' } });
  });
});
