/**
 * Secret hygiene of a whole run, on the real stack. The first tests issue secrets the way
 * clients do — API keys (delivered in the response, by one-time retrieval, by rotation; used,
 * verified) and invitation tokens (read from the emails the SMTP catcher received; resent,
 * followed as a link, accepted, declined). The last test then looks for every one of them, and
 * for every key's body without its `sk_live_` prefix, everywhere a run keeps data:
 *
 * - every message of every events topic of the run's namespace (read from the beginning), and
 *   every message of its RPC topics for API key secrets (the secret never crosses Kafka; an
 *   invitation token does travel to identity in an accept/decline request, by design);
 * - every table of every test database — the event stores and outboxes of identity, workspace
 *   and key-vault, and every read model of every service (all text/json columns, generically);
 * - every app log file of the run (`.steward/logs/<namespace>/*.log`);
 * - every Redis key of the run's prefix (rate-limit counters, stored Idempotency-Key responses —
 *   among them the replayed creation of a key, whose stored response must not be readable);
 * - and each key's SHA-256 in the audit and notification databases: the hash belongs to
 *   key-vault (and its events), never to the audit log, the public event feed or a replica.
 *
 * Positive controls (a key id in the events topic and the tables, a request id in the gateway's
 * log, a stored idempotent response in Redis) prove each scan reads what it claims to, so that an
 * empty result means something.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { hashApiKey, type ApiKeyResource, type InvitationResource, type UserResource, type WorkspaceResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult, invitationTokens } from '@steward/testing';

type Api = ReturnType<typeof apiAs>;
type Created = ApiKeyResource & { secret?: string };

const ACROSS = { timeoutMs: 30000, intervalMs: 200 };
const KEY_PREFIX = 'sk_live_';
const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** What must not be found, and a label that names it without showing it. */
interface Needle {
  label: string;
  value: string;
}
const needles: Needle[] = [];
/** The SHA-256 of each key: fine in key-vault, never in a projection outside it. */
const hashNeedles: Needle[] = [];
/** Values that must be found (positive controls), by where. */
const controls = { keyId: '', requestId: `hygiene-probe-${Date.now().toString(36)}` };

function rememberKey(label: string, secret: string | undefined): string {
  if (!secret) throw new Error(`${label}: no secret issued`);
  expect(secret.startsWith(KEY_PREFIX)).toBe(true);
  needles.push({ label: `${label} (full key)`, value: secret }, { label: `${label} (key body without ${KEY_PREFIX})`, value: secret.slice(KEY_PREFIX.length) });
  hashNeedles.push({ label: `${label} (SHA-256)`, value: hashApiKey(secret) });
  return secret;
}

function rememberToken(label: string, token: string): string {
  needles.push({ label: `${label} (token)`, value: token });
  // `<invitation id>.<MAC>`: the id is public, the MAC is the secret part.
  const mac = token.slice(token.lastIndexOf('.') + 1);
  if (mac.length >= 16 && mac !== token) needles.push({ label: `${label} (token MAC)`, value: mac });
  return token;
}

let org: BootstrapResult;
let api: Api;

beforeAll(async () => {
  org = await bootstrapOrganization('Hygiene Co', uniqueEmail('hygiene-owner'));
  rememberKey('bootstrap admin key', org.api_key);
  api = apiAs(org.api_key);
});

describe('issuing secrets the way clients do', () => {
  it('a key delivered in the response: used, verified, and a checksum-broken copy refused', async () => {
    const res = await api.post<Created>('/v1/api-keys', { name: 'Hygiene response key', scopes: ['keys:read', 'users:read'] });
    expect(res.status).toBe(201);
    controls.keyId = res.body.id;
    const secret = rememberKey('response-delivered key', res.body.secret);

    const used = await apiAs(secret).get('/v1/users?limit=1', { 'x-request-id': controls.requestId });
    expect(used.status).toBe(200);
    const verified = await api.post<{ valid: boolean }>('/v1/api-keys/verify', { key: secret });
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);
    const broken = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await api.post<{ valid: boolean }>('/v1/api-keys/verify', { key: broken })).body.valid).toBe(false);
    expect((await apiAs(broken).get('/v1/users?limit=1')).status).toBe(401);
  });

  it('a key created with an Idempotency-Key: the replay gives the same secret again', async () => {
    const body = { name: 'Hygiene idempotent key', scopes: ['users:read'] };
    const headers = { 'idempotency-key': `hygiene-${Date.now().toString(36)}` };
    const res = await api.post<Created>('/v1/api-keys', body, headers);
    expect(res.status).toBe(201);
    const secret = rememberKey('idempotently created key', res.body.secret);
    const again = await api.post<Created>('/v1/api-keys', body, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(again.body.secret).toBe(secret);
    expect((await apiAs(secret).get('/v1/users?limit=1')).status).toBe(200);
  });

  it('a key provisioned for retrieval: retrieved once, then used', async () => {
    const res = await api.post<Created>('/v1/api-keys', { name: 'Hygiene retrieval key', scopes: ['keys:read'], deliver: 'retrieval' });
    expect(res.status).toBe(201);
    expect(res.body.secret).toBeUndefined();
    const retrieved = await api.get<{ secret: string }>(`/v1/api-keys/${res.body.id}/secret`);
    expect(retrieved.status).toBe(200);
    const secret = rememberKey('retrieved key', retrieved.body.secret);
    expect((await apiAs(secret).get('/v1/api-keys?limit=1')).status).toBe(200);
    expect((await api.get(`/v1/api-keys/${res.body.id}/secret`)).status).toBe(410);
  });

  it('a rotated key: both secrets used during the grace period, then the key revoked', async () => {
    const res = await api.post<Created>('/v1/api-keys', { name: 'Hygiene rotated key', scopes: ['keys:read'] });
    expect(res.status).toBe(201);
    const before = rememberKey('key before rotation', res.body.secret);
    const rotated = await api.post<Created>(`/v1/api-keys/${res.body.id}/rotate`, { grace_seconds: 60 });
    expect(rotated.status).toBe(200);
    const after = rememberKey('key after rotation', rotated.body.secret);
    expect((await apiAs(before).get('/v1/api-keys?limit=1')).status).toBe(200);
    expect((await apiAs(after).get('/v1/api-keys?limit=1')).status).toBe(200);
    expect((await api.request('DELETE', `/v1/api-keys/${res.body.id}`)).status).toBe(204);
  });

  it('invitation tokens: invited, resent, the link followed, accepted', async () => {
    const email = uniqueEmail('hygiene-invitee');
    const created = await api.post<UserResource>('/v1/users', { name: 'Hygiene Invitee', email, role: 'editor' });
    expect(created.status).toBe(201);
    const [first] = await invitationTokens(email, 1);
    rememberToken('first invitation', first);
    expect((await api.post(`/v1/users/${created.body.id}/resend-invitation`, undefined)).status).toBe(200);
    const [, second] = await invitationTokens(email, 2);
    rememberToken('resent invitation', second);
    expect(second).not.toBe(first);

    // What a mail client does with the link: the gateway must not log the token in the URL.
    await request('GET', `/invitations/accept?token=${encodeURIComponent(second)}`);
    expect((await request('POST', '/v1/invitations/accept', { body: { token: first } })).status).toBe(410);
    const accepted = await request<InvitationResource>('POST', '/v1/invitations/accept', { body: { token: second } });
    expect(accepted.status).toBe(200);
  });

  it('a workspace invitation token: declined', async () => {
    const workspace = await api.post<WorkspaceResource>('/v1/workspaces', { name: `Hygiene ${Date.now()}` });
    expect(workspace.status).toBe(201);
    const email = uniqueEmail('hygiene-ws-invitee');
    const invited = await api.post<InvitationResource>(`/v1/workspaces/${workspace.body.id}/invitations`, { email, role: 'viewer' });
    expect(invited.status).toBe(201);
    const [token] = await invitationTokens(email, 1);
    rememberToken('workspace invitation', token);
    expect((await request('POST', '/v1/invitations/decline', { body: { token } })).status).toBe(200);
  });
});

// ——— the scans ———

type Finding = string;

function findIn(text: string, where: string, list: Needle[] = needles): Finding[] {
  return list.filter((n) => text.includes(n.value)).map((n) => `${where}: ${n.label}`);
}

/** Every message of `topics` from the beginning up to their current end, as text. */
async function readTopics(kafka: Kafka, topics: string[]): Promise<Map<string, string[]>> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}/${p.partition}`, BigInt(p.high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages = new Map<string, string[]>(topics.map((t) => [t, []]));
  if (remaining.size === 0) return messages;
  const groupId = `${process.env.STEWARD_NAMESPACE}.hygiene-scan-${Date.now().toString(36)}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 2000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`topics not read to their end in time: ${[...remaining.keys()].join(', ')}`)), 60000);
      void consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            messages.get(topic)?.push(`${message.key?.toString('utf8') ?? ''} ${message.value?.toString('utf8') ?? ''}`);
            const last = remaining.get(`${topic}/${partition}`);
            if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(`${topic}/${partition}`);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  const cleanup = kafka.admin();
  await cleanup.connect();
  await cleanup.deleteGroups([groupId]).catch(() => undefined);
  await cleanup.disconnect();
  return messages;
}

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'];

/** Looks for the needles in every text/json column of every table of the database. */
async function scanDatabase(url: string, database: string, list: Needle[]): Promise<{ findings: Finding[]; tables: string[] }> {
  const target = new URL(url);
  target.pathname = `/${database}`;
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.data_type = ANY($1::text[])
       ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
      [TEXT_TYPES],
    );
    const byTable = new Map<string, string[]>();
    for (const c of columns) {
      const table = `"${c.table_schema}"."${c.table_name}"`;
      byTable.set(table, [...(byTable.get(table) ?? []), c.column_name]);
    }
    const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const literal = (name: string) => `'${name.replace(/'/g, "''")}'`;
    const findings: Finding[] = [];
    for (const [table, cols] of byTable) {
      const { rows } = await client.query<{ label: string; col: string }>(
        `SELECT n.label, c.col FROM ${table} t
         CROSS JOIN LATERAL (VALUES ${cols.map((col) => `(${literal(col)}, t.${ident(col)}::text)`).join(', ')}) AS c(col, value)
         CROSS JOIN unnest($1::text[], $2::text[]) AS n(value, label)
         WHERE c.value IS NOT NULL AND strpos(c.value, n.value) > 0
         GROUP BY n.label, c.col
         LIMIT 50`,
        [list.map((n) => n.value), list.map((n) => n.label)],
      );
      findings.push(...rows.map((r) => `${database}.${table}.${r.col}: ${r.label}`));
    }
    return { findings, tables: [...byTable.keys()] };
  } finally {
    await client.end();
  }
}

describe('no secret or token anywhere (runs last)', () => {
  it('is in no events topic, no RPC topic (keys), no table of any test database, no log line of the run', async () => {
    expect(needles.length).toBeGreaterThanOrEqual(14);
    const namespace = process.env.STEWARD_NAMESPACE as string;
    const prefix = process.env.STEWARD_DB_PREFIX as string;
    expect(namespace).toBeTruthy();
    expect(prefix).toBeTruthy();
    const keyNeedles = needles.filter((n) => n.label.includes('key'));
    const controlNeedle: Needle[] = [{ label: 'control key id', value: controls.keyId }];

    // Let the reactions of the last requests land (audit, notification, key usage flush).
    await eventually(
      async () => {
        const res = await api.get<{ data: unknown[] }>('/v1/audit-logs?action=invitation.decline&limit=1');
        return res.body.data?.length ? true : undefined;
      },
      { what: 'the last audit entry', ...ACROSS },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const findings: Finding[] = [];

    // 1. Kafka: every events topic of the namespace for everything; RPC topics for key secrets.
    const kafka = new Kafka({ clientId: 'secrets-hygiene', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`) || t.startsWith(`${namespace}-`));
    await admin.disconnect();
    const eventTopics = topics.filter((t) => t.endsWith('.events'));
    expect(eventTopics).toEqual(expect.arrayContaining([`${namespace}.identity.events`, `${namespace}.workspace.events`, `${namespace}.key-vault.events`]));
    const read = await readTopics(kafka, topics);
    let controlInKafka = false;
    for (const [topic, values] of read) {
      const list = eventTopics.includes(topic) ? needles : keyNeedles;
      for (const value of values) {
        findings.push(...findIn(value, `kafka ${topic}`, list));
        if (topic === `${namespace}.key-vault.events` && value.includes(controls.keyId)) controlInKafka = true;
      }
    }
    expect(read.get(`${namespace}.identity.events`)?.length).toBeGreaterThan(0);
    expect(controlInKafka).toBe(true);

    // 2. Postgres: every table (event stores, outboxes, read models, ledgers) of every test database.
    const databaseUrl = process.env.DATABASE_URL as string;
    const server = new Client({ connectionString: databaseUrl });
    await server.connect();
    const { rows } = await server.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY datname`, [prefix]);
    await server.end();
    const databases = rows.map((r) => r.datname);
    expect(databases).toEqual(expect.arrayContaining(['identity', 'workspace', 'keyvault', 'notification', 'audit'].map((c) => `${prefix}${c}`)));
    for (const database of databases) {
      const { findings: found, tables } = await scanDatabase(databaseUrl, database, needles);
      findings.push(...found);
      if (database === `${prefix}audit` || database === `${prefix}notification`) {
        findings.push(...(await scanDatabase(databaseUrl, database, hashNeedles)).findings);
      }
      if (database === `${prefix}audit`) {
        // The public event feed is one of the tables scanned.
        expect(tables).toEqual(expect.arrayContaining(['"public"."event_feed"']));
        const control = await scanDatabase(databaseUrl, database, controlNeedle);
        expect(control.findings).toEqual(expect.arrayContaining([expect.stringContaining('"public"."event_feed"')]));
      }
      if (database === `${prefix}keyvault`) {
        expect(tables).toEqual(expect.arrayContaining(['"public"."events"', '"public"."outbox"', '"public"."api_keys"']));
        const control = await scanDatabase(databaseUrl, database, controlNeedle);
        expect(control.findings).toEqual(expect.arrayContaining([expect.stringContaining('"public"."events"'), expect.stringContaining('"public"."api_keys"')]));
        // The hashes are where they belong (so their absence elsewhere means something).
        expect((await scanDatabase(databaseUrl, database, hashNeedles)).findings).toEqual(expect.arrayContaining([expect.stringContaining('"public"."events"')]));
      }
    }

    // 3. The run's log files, every app.
    const logDir = path.join(REPO_ROOT, '.steward', 'logs', namespace);
    const logs = readdirSync(logDir).filter((f) => f.endsWith('.log'));
    expect(logs).toEqual(expect.arrayContaining(['api-gateway.log', 'identity.log', 'key-vault.log', 'notification.log']));
    for (const file of logs) {
      const text = readFileSync(path.join(logDir, file), 'utf8');
      findings.push(...findIn(text, `log ${file}`));
      if (file === 'api-gateway.log') expect(text).toContain(controls.requestId);
    }

    // 4. Redis: every key of the run's prefix (rate-limit counters, idempotency records).
    const redisPrefix = process.env.REDIS_PREFIX as string;
    expect(redisPrefix).toBeTruthy();
    const redis = new Redis(process.env.REDIS_URL as string);
    try {
      let cursor = '0';
      let storedResponses = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          if ((await redis.type(key)) !== 'string') continue;
          const value = (await redis.get(key)) ?? '';
          findings.push(...findIn(value, `redis ${key}`), ...findIn(value, `redis ${key}`, hashNeedles));
          if (key.startsWith(`${redisPrefix}:idem:`) && value.includes('"state":"done"')) storedResponses += 1;
        }
      } while (cursor !== '0');
      // The idempotent key creation above is stored there (sealed), and more.
      expect(storedResponses).toBeGreaterThanOrEqual(1);
    } finally {
      redis.disconnect();
    }

    expect(findings).toEqual([]);
  });
});
