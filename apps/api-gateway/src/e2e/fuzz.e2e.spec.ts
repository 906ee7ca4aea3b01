/**
 * Hostile input, on the real stack: for every operation of the OpenAPI document, fast-check
 * generates requests a careless or malicious client sends — wrong types, missing and unknown
 * fields, over-long strings, deep nesting, text Postgres cannot store (NUL, lone surrogates),
 * other Unicode oddities (RTL marks, emoji, zero-width joiners), bad and tampered cursors, bad ids
 * (wrong prefix or length, SQL, path traversal), bad query values and abused headers (Content-
 * Type, huge or duplicated values, If-Match, Idempotency-Key, Authorization).
 *
 * Every request built to be wrong must answer 4xx with the error envelope (its status in the
 * body, a request id, no stack or internals); every other one (a duplicated header, an unknown
 * query parameter on a read…) must at least not answer 5xx, and any error it gets is the
 * envelope. None changes state: the organization's event feed (every state change is an event)
 * holds nothing new afterwards but three marker commands made at the end.
 *
 * The operations are read from the committed docs/openapi.json (jest needs the list before the
 * stack is up); the first test checks the served document has the same ones, so a new endpoint
 * is fuzzed without touching this file. Runs per operation: STEWARD_FUZZ_RUNS (default 15);
 * seed: STEWARD_FUZZ_SEED (default: random, printed by fast-check with the counterexample).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import type { ApiKeyResource, Page } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, gatewayUrl, request, uniqueEmail, type BootstrapResult } from '@steward/testing';

type Json = Record<string, unknown>;
type Schema = Json;

const RUNS = Number(process.env.STEWARD_FUZZ_RUNS ?? 15);
const SEED = process.env.STEWARD_FUZZ_SEED === undefined ? undefined : Number(process.env.STEWARD_FUZZ_SEED);
const BODY_LIMIT = 1024 * 1024;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const DOCUMENT = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/openapi.json'), 'utf8')) as Json & { paths: Record<string, Record<string, Json>>; components: Json };

interface Operation {
  method: string;
  path: string;
  op: Json;
  public: boolean;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body?: Schema;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolve(value: unknown): Json {
  if (!isObject(value)) return {};
  if (typeof value.$ref !== 'string') return value;
  const target = value.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), DOCUMENT);
  return resolve(target);
}

const OPERATIONS: Operation[] = Object.entries(DOCUMENT.paths).flatMap(([p, item]) =>
  METHODS.filter((m) => isObject(item[m])).map((m) => {
    const op = item[m];
    const parameters = ((op.parameters as unknown[]) ?? []).map(resolve);
    const body = op.requestBody ? resolve(resolve(resolve(op.requestBody).content && (resolve(op.requestBody).content as Json)['application/json']).schema) : undefined;
    return {
      method: m.toUpperCase(),
      path: p,
      op,
      public: op['x-required-scope'] === undefined,
      pathParams: parameters.filter((x) => x.in === 'path').map((x) => x.name as string),
      query: parameters.filter((x) => x.in === 'query').map((x) => ({ name: x.name as string, schema: resolve(x.schema) })),
      body,
    };
  }),
);

// ——— sending ———

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

interface HostileRequest {
  what: string;
  method: string;
  url: string;
  /** Header values; an array sends the header once per value. */
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Built to be wrong: must be answered 4xx (otherwise: anything but 5xx). */
  strict: boolean;
}

/** node:http rather than fetch: duplicated headers, any bytes in the URL and the body. */
function send(req: HostileRequest): Promise<RawResponse> {
  const target = new URL(gatewayUrl());
  return new Promise((resolvePromise, reject) => {
    const outgoing = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.body === undefined ? req.headers : { ...req.headers, 'content-length': Buffer.byteLength(req.body) }, insecureHTTPParser: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** What is wrong with an answer to a hostile request (empty: fine). */
function problemsOf(req: HostileRequest, res: RawResponse): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (req.strict && !(res.status >= 400 && res.status < 500)) problems.push(`answered ${res.status}, expected a 4xx`);
  if (res.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    const error = isObject(body) && isObject(body.error) ? body.error : undefined;
    if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || error.status !== res.status || typeof error.request_id !== 'string' || error.request_id === '') {
      problems.push(`not the error envelope: ${res.text.slice(0, 300)}`);
    }
    if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`error content-type ${String(res.headers['content-type'])}`);
  }
  if (/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|QueryFailedError|TypeError|ReferenceError|SELECT .* FROM|duplicate key value/.test(res.text)) {
    problems.push(`internals in the answer: ${res.text.slice(0, 300)}`);
  }
  return problems;
}

// ——— hostile values ———

const SAMPLE_ID = 'usr_01jdq3c2m5f8ve4r0s6t7w9x1y';

/** Percent-encodes anything, lone surrogates included (as U+FFFD, the way UTF-8 encoders do). */
const encode = (value: string): string => [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const UNICODE_ODDITIES = ['\u202Eevil\u202C', '\u200F\u200E', '👩‍👩‍👧‍👦', '\u200B\u200D\uFEFF', 'e\u0301\u0301\u0301', '𝕳𝖊𝖑𝖑𝖔', '\uFFFF', 'ﷺ'.repeat(50)];
/** Text Postgres cannot store, or JSON that is not Unicode: must be refused, whatever the field. */
const UNSTORABLE = ['a\u0000b', '\u0000', 'x\uD800y', '\uDC00', 'tail\uD83D'];

const badId = fc.oneof(
  fc.constantFrom(
    'usr_',
    'usr_01jdq3c2m5f8ve4r0s6t7w9x1',
    `${SAMPLE_ID}0`,
    'xyz_01jdq3c2m5f8ve4r0s6t7w9x1y',
    "usr_01jdq3c2m5f8ve4r0s6t7w9x1y' OR '1'='1",
    "1; DROP TABLE users; --",
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '__proto__',
    'constructor',
    'null',
    '-1',
    '1e309',
    'x'.repeat(5000),
    ...UNICODE_ODDITIES,
    ...UNSTORABLE,
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((s) => `ws_${s}`),
);

/** A cursor nobody issued: random bytes, JSON of the wrong shape, or keys no row has. */
const badCursor = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  // Not empty: an empty cursor is read as none (the first page).
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  fc.constantFrom({ k: 42 }, { k: null }, [1, 2], { x: 'y' }, 'not json').map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.constantFrom("' OR 1=1 --", '2024-13-45T99:99:99Z|usr_x', '\u0000', 'x'.repeat(400), '\uD800').map((k) => Buffer.from(JSON.stringify({ k }), 'utf8').toString('base64url')),
);

/** Whether a cursor decodes to the shape the API issues (`{k: string}`). */
function forgedPosition(cursor: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return isObject(parsed) && typeof parsed.k === 'string';
  } catch {
    return false;
  }
}

/** A value of another JSON type than the schema allows (a number where a string goes…). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  // null counts as a wrong type wherever the document does not list it, optional fields
  // included (found here once: `send_invitation: null` created a user; see OptionalNotNull).
  const types = new Set((Array.isArray(schema.type) ? schema.type : [schema.type]).filter(Boolean) as string[]);
  const options: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string')) options.push(fc.string({ maxLength: 20 }));
  if (!types.has('integer') && !types.has('number')) options.push(fc.oneof(fc.integer(), fc.double({ noNaN: true })));
  if (!types.has('boolean')) options.push(fc.boolean());
  if (!types.has('null')) options.push(fc.constant(null));
  if (!types.has('array')) options.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (!types.has('object')) options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  if (types.has('integer')) options.push(fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.constantFrom('1', '1e3'));
  return fc.oneof(...options);
}

/** A body that would pass: each required property from the document's example or default. */
function sampleBody(schema: Schema): Json {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = (schema.required as string[]) ?? [];
  return Object.fromEntries(
    required.map((name) => {
      const property = resolve(properties[name]);
      const example = Array.isArray(property.examples) ? property.examples[0] : property.default;
      return [name, example ?? (Array.isArray(property.enum) ? property.enum[0] : 'x')];
    }),
  );
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { n: value } : [value];
  return value;
}

/** A body the document says is wrong, in one of many ways. Always invalid. */
function hostileBody(schema: Schema): fc.Arbitrary<{ what: string; body: string }> {
  const properties = isObject(schema.properties) ? Object.entries(schema.properties).map(([name, p]) => [name, resolve(p)] as const) : [];
  const required = (schema.required as string[]) ?? [];
  const base = sampleBody(schema);
  const json = (what: string, body: unknown) => ({ what, body: JSON.stringify(body) });
  const arbitraries: fc.Arbitrary<{ what: string; body: string }>[] = [
    fc.constantFrom([], 'text', 42, null, true, [base]).map((body) => json('a body that is not an object', body)),
    fc
      .tuple(fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), fc.constantFrom(...UNICODE_ODDITIES, '__proto__', 'constructor')), fc.jsonValue({ maxDepth: 2 }))
      .filter(([key]) => !properties.some(([name]) => name === key))
      .map(([key, value]) => ({ what: `an unknown field ${JSON.stringify(key)}`, body: JSON.stringify(base).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}${Object.keys(base).length ? ',' : ''}`) })),
    fc.integer({ min: 129, max: 3000 }).map((depth) => json(`a body nested ${depth} levels`, { ...base, [properties[0]?.[0] ?? 'x']: nested(depth) })),
  ];
  if (required.length) arbitraries.push(fc.constantFrom(...required).map((name) => json(`without ${name}`, Object.fromEntries(Object.entries(base).filter(([key]) => key !== name)))));
  for (const [name, property] of properties) {
    arbitraries.push(wrongType(property).map((value) => json(`${name} of the wrong type`, { ...base, [name]: value })));
    const types = Array.isArray(property.type) ? property.type : [property.type];
    if (types.includes('string')) {
      arbitraries.push(fc.constantFrom(...UNSTORABLE).map((text) => json(`${name} with unstorable text ${JSON.stringify(text)}`, { ...base, [name]: `${String(base[name] ?? 'x')}${text}` })));
      if (typeof property.maxLength === 'number') {
        const max = property.maxLength;
        arbitraries.push(
          fc
            .tuple(fc.integer({ min: max + 1, max: Math.min(max * 8 + 8, 200_000) }), fc.constantFrom('x', '😀', '\u202E', 'é'))
            .map(([length, unit]) => json(`${name} of ${length} × ${JSON.stringify(unit)}`, { ...base, [name]: unit.repeat(length) })),
        );
      }
    }
    if (types.includes('array')) {
      arbitraries.push(fc.constantFrom(...UNSTORABLE, ...UNICODE_ODDITIES).map((text) => json(`${name} holding ${JSON.stringify(text)}`, { ...base, [name]: [text], ['x-unknown']: true })));
    }
  }
  return fc.oneof(...arbitraries);
}

/** A query value the parameter's schema refuses. Undefined: nothing is certainly invalid for it. */
function badQueryValue(name: string, schema: Schema): fc.Arbitrary<string> | undefined {
  // Lone surrogates cannot travel in a URL (UTF-8 has no bytes for them): NUL can.
  const options: fc.Arbitrary<string>[] = [fc.constantFrom('a\u0000b', '\u0000')];
  if (name === 'cursor') options.push(badCursor);
  if (schema.type === 'integer') {
    options.push(fc.constantFrom('abc', '1.5', '', '0x10', 'NaN', 'Infinity', '1e400', '-0.5', "1' OR '1'='1"));
    if (typeof schema.maximum === 'number') options.push(fc.integer({ min: schema.maximum + 1 }).map(String));
    if (typeof schema.minimum === 'number') options.push(fc.integer({ max: schema.minimum - 1, min: -1e12 }).map(String));
  }
  if (Array.isArray(schema.enum)) options.push(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !(schema.enum as unknown[]).includes(s)));
  if (schema.format === 'date-time') options.push(fc.constantFrom('yesterday', '2024-13-45T99:99:99Z', '0', "2024-01-01' OR 1=1", '9'.repeat(40)));
  if (typeof schema.maxLength === 'number') options.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 4000 }).map((n) => 'q'.repeat(n)));
  return options.length ? fc.oneof(...options) : undefined;
}

// ——— the org and the state fingerprint ———

let org: BootstrapResult;
let fuzzKey: string;

/** The organization's whole event feed, oldest first. */
async function feed(): Promise<Json[]> {
  const events: Json[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await request<Page<Json>>('GET', `/v1/events?limit=100${after ? `&after=${after}` : ''}`, { key: fuzzKey });
    expect(res.status).toBe(200);
    events.push(...res.body.data);
    if (!res.body.meta.has_more || !res.body.data.length) return events;
    after = res.body.data[res.body.data.length - 1].id as string;
  }
}

let eventsBefore: Set<string>;

beforeAll(async () => {
  org = await bootstrapOrganization('Fuzz Ltd', uniqueEmail('fuzz-owner'));
  const key = await request<ApiKeyResource & { secret: string }>('POST', '/v1/api-keys', { key: org.api_key, body: { name: 'fuzzer', scopes: ['admin'], rate_limit_per_minute: 1_000_000 } });
  expect(key.status).toBe(201);
  fuzzKey = key.body.secret;
  // The bootstrap's own events (and the key's) are in the feed before any hostile request.
  const keyId = key.body.id;
  await eventually(async () => ((await feed()).some((e) => JSON.stringify(e).includes(keyId)) ? true : undefined), { what: 'the bootstrap events in the feed', timeoutMs: 30000 });
  eventsBefore = new Set((await feed()).map((e) => e.id as string));
});

const failures: string[] = [];

function urlOf(op: Operation, ids: Record<string, string> = {}, query = ''): string {
  const filled = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name] ?? encode(SAMPLE_ID));
  return `${filled}${query}`;
}

const headersFor = (op: Operation, extra: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  ...(op.public ? {} : { authorization: `Bearer ${fuzzKey}` }),
  ...extra,
});

/** Hostile requests for one operation: path ids, query values, bodies and headers. */
function hostileRequest(op: Operation): fc.Arbitrary<HostileRequest> {
  const json = { 'content-type': 'application/json' };
  const body = op.body ? hostileBody(op.body) : undefined;
  const validBody = op.body ? JSON.stringify(sampleBody(op.body)) : undefined;
  const arbitraries: fc.Arbitrary<HostileRequest>[] = [];
  const hasIds = op.pathParams.length > 0;

  // Bad ids (with a body that would pass, so the id is what is refused).
  if (hasIds) {
    arbitraries.push(
      fc.tuple(fc.constantFrom(...op.pathParams), badId, fc.boolean()).map(([param, id, raw]) => ({
        what: `${param} = ${JSON.stringify(id.slice(0, 80))}${raw ? ' (unencoded)' : ''}`,
        method: op.method,
        url: urlOf(op, { [param]: raw && /^[\x21-\x7e]+$/.test(id) ? id : encode(id) }),
        headers: headersFor(op, validBody ? json : {}),
        body: validBody,
        strict: true,
      })),
    );
  }
  // Bodies the schema refuses.
  if (body) arbitraries.push(body.map(({ what, body: text }) => ({ what, method: op.method, url: urlOf(op), headers: headersFor(op, json), body: text, strict: true })));
  // Query values the schema refuses, and the same parameter twice.
  for (const { name, schema } of op.query) {
    const bad = badQueryValue(name, schema);
    if (bad) {
      arbitraries.push(
        bad.map((value) => ({
          what: `?${name}=${JSON.stringify(value.slice(0, 80))}`,
          method: op.method,
          url: urlOf(op, {}, `?${name}=${encode(value)}`),
          headers: headersFor(op),
          // A forged cursor of the right shape is a position like any other (an empty page, say).
          strict: !(name === 'cursor' && forgedPosition(value)),
        })),
      );
    }
  }
  // Headers: wrong Content-Type (a body that would pass otherwise).
  if (validBody) {
    arbitraries.push(
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonp', 'json').map((type) => ({
        what: `Content-Type: ${type}`,
        method: op.method,
        url: urlOf(op),
        headers: headersFor(op, { 'content-type': type }),
        body: validBody,
        strict: true,
      })),
    );
  }
  // Headers on a request already wrong (bad body or bad id): huge, duplicated, If-Match, Idempotency-Key.
  // A request already wrong, if the operation can be made wrong (a read without parameters cannot: lenient).
  const takesLimit = op.query.some((q) => q.name === 'limit');
  const wrongBase = (): Pick<HostileRequest, 'url' | 'body' | 'strict'> =>
    op.body
      ? { url: urlOf(op), body: '{"__unknown__":1}', strict: true }
      : hasIds
        ? { url: urlOf(op, { [op.pathParams[0]]: 'nope' }), strict: true }
        : { url: urlOf(op, {}, takesLimit ? '?limit=0' : ''), strict: takesLimit };
  const headerAbuse = fc.oneof(
    fc.integer({ min: 1000, max: 12_000 }).map((n): [string, Record<string, string | string[]>] => [`a ${n}-character header`, { 'x-request-id': 'r'.repeat(n) }]),
    fc.constantFrom('"abc"', 'W/"1"', '"-1"', '"99999999999999999999999"', 'garbage', '""', '"1", "2"', '*, "1"').map((v): [string, Record<string, string | string[]>] => [`If-Match: ${v}`, { 'if-match': v }]),
    fc
      .oneof(fc.constantFrom('', ' ', 'x'.repeat(1000), 'é', ', ,'), fc.string({ unit: 'grapheme-ascii', maxLength: 300 }))
      .map((v): [string, Record<string, string | string[]>] => [`Idempotency-Key: ${JSON.stringify(v.slice(0, 40))}`, { 'idempotency-key': Buffer.from(v, 'utf8').toString('latin1') }]),
    fc.constantFrom<[string, Record<string, string | string[]>]>(
      ['two Content-Types', { 'content-type': ['application/json', 'text/plain'] }],
      ['two Idempotency-Keys', { 'idempotency-key': ['a', 'b'] }],
      ['two If-Matches', { 'if-match': ['"1"', '"2"'] }],
      ['two request ids', { 'x-request-id': ['a', 'b'] }],
    ),
  );
  arbitraries.push(
    headerAbuse.map(([what, extra]) => {
      const base = wrongBase();
      const headers = { ...headersFor(op, base.body ? json : {}), ...extra };
      return { what: `${what}${base.strict ? ' on a wrong request' : ''}`, method: op.method, ...base, headers };
    }),
  );
  // Authorization abuse: 401 (public operations: anything but 5xx).
  if (!op.public) {
    arbitraries.push(
      fc
        .oneof(
          fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer sk_live_${'A'.repeat(46)}`, `Bearer ${'sk_live_'.repeat(500)}`, `bearer  ${SAMPLE_ID}`, 'Bearer sk_live_\u00e9'),
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((s) => `Bearer ${s}`),
        )
        .map((authorization) => ({ what: `Authorization: ${authorization.slice(0, 60)}`, method: op.method, url: urlOf(op), headers: { authorization: Buffer.from(authorization, 'utf8').toString('latin1'), ...(validBody ? json : {}) }, body: validBody, strict: true })),
    );
  }
  return fc.oneof(...arbitraries);
}

describe('hostile input', () => {
  it('fuzzes the operations the gateway serves', async () => {
    const served = await request<{ paths: Record<string, Json> }>('GET', '/openapi.json');
    const live = Object.entries(served.body.paths).flatMap(([p, item]) => METHODS.filter((m) => isObject(item[m])).map((m) => `${m.toUpperCase()} ${p}`));
    expect(live.filter((op) => op !== 'GET /metrics').sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((op) => op !== 'GET /metrics').sort());
  });

  it.each(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))('%s: every hostile request is refused with the envelope, never a 5xx', async (_name, op) => {
    await fc.assert(
      fc.asyncProperty(hostileRequest(op), async (req) => {
        const res = await send(req);
        const problems = problemsOf(req, res);
        if (problems.length) failures.push(`${req.method} ${req.url.slice(0, 120)} [${req.what}]: ${problems.join('; ')}`);
        expect({ request: `${req.method} ${req.url.slice(0, 200)} [${req.what}]`, problems }).toEqual({ request: expect.any(String), problems: [] });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it.each(OPERATIONS.filter((op) => op.body).map((op) => [`${op.method} ${op.path}`, op] as const))('%s: a body over 1 MiB is 413 payload_too_large', async (_name, op) => {
    const body = JSON.stringify({ ...sampleBody(op.body as Schema), padding: 'p'.repeat(BODY_LIMIT) });
    const req: HostileRequest = { what: '1 MiB + body', method: op.method, url: urlOf(op), headers: headersFor(op, { 'content-type': 'application/json' }), body, strict: true };
    const res = await send(req);
    expect(problemsOf(req, res)).toEqual([]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'payload_too_large', status: 413 } });
  });

  it('answers headers too large for the server and malformed URLs with the envelope', async () => {
    const cases: HostileRequest[] = [
      { what: '64 KiB header', method: 'GET', url: '/v1/users', headers: { authorization: `Bearer ${fuzzKey}`, 'x-padding': 'p'.repeat(64 * 1024) }, strict: true },
      { what: 'invalid UTF-8 in the path', method: 'GET', url: '/v1/users/%ED%A0%80', headers: { authorization: `Bearer ${fuzzKey}` }, strict: true },
      // Decoded leniently (as U+FFFD, which is storable): a search like any other.
      { what: 'invalid UTF-8 in the query', method: 'GET', url: '/v1/users?q=%FF%FE', headers: { authorization: `Bearer ${fuzzKey}` }, strict: false },
      { what: 'a broken percent escape', method: 'GET', url: '/v1/users/%E0%A4%A', headers: { authorization: `Bearer ${fuzzKey}` }, strict: true },
    ];
    const problems: string[] = [];
    for (const req of cases) problems.push(...problemsOf(req, await send(req)).map((p) => `${req.what}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('changed nothing: the event feed holds only the marker commands made after the fuzzing', async () => {
    // Markers in each event-sourcing service; once all three are in the feed, so would be any
    // event an earlier (hostile) request caused in the same service.
    const admin = apiAs(fuzzKey);
    const user = await admin.post<{ id: string }>('/v1/users', { name: 'Marker', email: uniqueEmail('fuzz-marker'), role: 'viewer', send_invitation: false });
    const workspace = await admin.post<{ id: string }>('/v1/workspaces', { name: 'Marker' });
    const key = await admin.post<{ id: string }>('/v1/api-keys', { name: 'marker', scopes: ['users:read'] });
    expect([user.status, workspace.status, key.status]).toEqual([201, 201, 201]);
    const markers = [user.body.id, workspace.body.id, key.body.id];
    const newEvents = await eventually(
      async () => {
        const added = (await feed()).filter((e) => !eventsBefore.has(e.id as string));
        return markers.every((id) => added.some((e) => JSON.stringify(e).includes(id))) ? added : undefined;
      },
      { what: 'the marker events in the feed', timeoutMs: 30000 },
    );
    const unexplained = newEvents.filter((e) => !markers.some((id) => JSON.stringify(e).includes(id)));
    expect(unexplained).toEqual([]);
    expect(failures).toEqual([]);
  });
});
