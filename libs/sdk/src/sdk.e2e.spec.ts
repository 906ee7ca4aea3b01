/**
 * The SDK against the real stack: typed calls, async iteration over a 250-item list, typed
 * errors, Idempotency-Key on POSTs, and recovery from a real 429 (a key limited to 5 requests
 * per minute) by waiting what `Retry-After` says.
 */
import { bootstrapOrganization, gatewayUrl, uniqueEmail, type BootstrapResult } from '@steward/testing';
import { Steward, StewardError, type User } from './index';

let org: BootstrapResult;
let client: Steward;

beforeAll(async () => {
  org = await bootstrapOrganization('SDK Inc', uniqueEmail('sdk-owner'));
  client = new Steward({ apiKey: org.api_key, baseUrl: gatewayUrl() });
});

/** Runs `task` for 0..count-1, `width` at a time. */
async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => task(start + k)))));
  }
  return results;
}

describe('the SDK on the real stack', () => {
  it('walks every item of a 250-user list with for await, page after page', async () => {
    const created = await inBatches(250, 10, (i) => client.users.create({ name: `SDK user ${i}`, email: uniqueEmail(`sdk-${i}`), role: 'viewer', send_invitation: false }));
    const seen: string[] = [];
    for await (const user of client.users.list({ limit: 100 })) seen.push(user.id);
    expect(seen).toHaveLength(251);
    expect(new Set(seen).size).toBe(251);
    expect(new Set(seen)).toEqual(new Set([org.user_id, ...created.map((u) => u.id)]));

    const sizes: number[] = [];
    for await (const page of client.users.list({ limit: 100 }).pages()) sizes.push(page.data.length);
    expect(sizes).toEqual([100, 100, 51]);
  }, 240_000);

  it('types and returns resources, and sends If-Match from a version', async () => {
    const user: User = await client.users.create({ name: 'Typed', email: uniqueEmail('sdk-typed'), role: 'editor', send_invitation: false });
    expect(user).toMatchObject({ name: 'Typed', status: 'active', version: 1 });
    const updated = await client.users.update(user.id, { name: 'Typed 2' }, { ifMatch: user.version });
    expect(updated).toMatchObject({ name: 'Typed 2', version: 2 });
    const stale = await client.users.update(user.id, { name: 'Typed 3' }, { ifMatch: user.version }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(StewardError);
    expect(stale).toMatchObject({ code: 'precondition_failed', status: 412, request_id: expect.stringMatching(/^req_/) });
    expect(await client.users.get(user.id)).toMatchObject({ name: 'Typed 2', version: 2 });
    expect(await client.users.delete(user.id, { ifMatch: 2 })).toBeUndefined();
  });

  it('throws StewardError with the code, status, request id and details of the error envelope', async () => {
    const invalid = await client.users.create({ name: 'Bad', email: 'not-an-email', role: 'viewer' }).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ name: 'StewardError', code: 'invalid_request', status: 400, details: [{ field: 'email', issue: 'isEmail' }] });
    expect((invalid as StewardError).request_id).toBe((invalid as StewardError).headers.get('x-request-id'));
    const missing = await client.workspaces.get('ws_01jdq3c2m5f8ve4r0s6t7w9x1y').catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
    const anonymous = await new Steward({ baseUrl: gatewayUrl(), maxRetries: 0 }).users.list().toArray().catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('makes a POST idempotent with an Idempotency-Key: the same key replays the first outcome', async () => {
    const body = { name: 'Once', email: uniqueEmail('sdk-once'), role: 'viewer', send_invitation: false };
    const key = `sdk-once-${Date.now()}`;
    const first = await client.users.create(body, { idempotencyKey: key });
    expect(await client.users.create(body, { idempotencyKey: key })).toEqual(first);
    // Another key is another request: the email is taken by then.
    const another = await client.users.create(body, { idempotencyKey: `${key}-other` }).catch((error: unknown) => error);
    expect(another).toMatchObject({ code: 'email_taken', status: 409 });
  });

  it('iterates lists that continue by `after` (the event feed) and lists of a parent (history)', async () => {
    const user = await client.users.create({ name: 'History', email: uniqueEmail('sdk-history'), role: 'viewer', send_invitation: false });
    await client.users.update(user.id, { name: 'History 2' });
    const history = await client.users.history(user.id).toArray();
    expect(history.map((e) => e.type)).toEqual(['user.created', 'user.updated']);
    const ids: string[] = [];
    for await (const event of client.events.list({ limit: 2, type: 'user.*' })) {
      ids.push(event.id);
      if (ids.length === 5) break;
    }
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('recovers from a 429 by waiting what Retry-After says, then succeeds', async () => {
    const limited = await client.apiKeys.create({ name: 'five a minute', scopes: ['users:read'], rate_limit_per_minute: 5 });
    const statuses: number[] = [];
    // The real fetch, observed: which answers the client got, and when it retried.
    const observed: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const secret = limited.secret as string;
    const impatient = new Steward({ apiKey: secret, baseUrl: gatewayUrl(), maxRetries: 0, fetch: observed });
    for (let i = 0; i < 5; i++) await impatient.users.list({ limit: 1 }).pages().next();
    const refused = await impatient.users.list({ limit: 1 }).toArray().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'rate_limited', status: 429, request_id: expect.stringMatching(/^req_/) });
    const retryAfter = Number((refused as StewardError).headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    statuses.length = 0;
    const patient = new Steward({ apiKey: secret, baseUrl: gatewayUrl(), maxRetries: 3, fetch: observed });
    const page = await patient.users.list({ limit: 1 }).pages().next();
    expect(page.value).toMatchObject({ data: [expect.objectContaining({ id: expect.any(String) })] });
    // One refusal, then one success: the client waited for the window to reset instead of
    // spending its retries inside it (every refused request counts against the limit too).
    expect(statuses).toEqual([429, 200]);
  }, 150_000);
});
