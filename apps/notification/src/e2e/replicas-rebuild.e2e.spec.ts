/**
 * `npm run projections:rebuild -- notification` on the real stack: notification's replicas
 * (who is an owner or admin of which workspace, destinations, key names) are damaged, rebuilt from
 * the event stores while commands keep coming, and swapped in — identical to what they were,
 * with what happened meanwhile, still fed by the live consumer afterwards, and without a single
 * job (so a single email) made by the rebuild.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { ApiKeyResource, DestinationResource, JobStats, UserResource, WorkspaceResource } from '@steward/contracts';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { apiAs, bootstrapOrganization, emailsTo, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';
import { REPLICA_TABLES } from '../recipients/replicas-lock';

const repoRoot = path.resolve(__dirname, '../../../..');
/** Across services and topics (the first consumer of a run may still be joining its group). */
const ACROSS = { timeoutMs: 30000, intervalMs: 200 };

let org: BootstrapResult;
let api: ReturnType<typeof apiAs>;
let db: Client;

beforeAll(async () => {
  org = await bootstrapOrganization('Replicas Co', uniqueEmail('replicas-owner'));
  api = apiAs(org.api_key);
  db = new Client({ connectionString: serviceDatabaseUrl('notification') });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

/** The organization's rows of every replica table, in a stable order. */
async function replicas(): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of REPLICA_TABLES) {
    tables[table] = (await db.query(`SELECT * FROM ${table} t WHERE org_id = $1 ORDER BY to_jsonb(t)::text`, [org.organization_id])).rows;
  }
  return tables;
}

async function workspace(name: string): Promise<WorkspaceResource> {
  const res = await api.post<WorkspaceResource>('/v1/workspaces', { name: `${name} ${Date.now()}` });
  expect(res.status).toBe(201);
  return res.body;
}

async function admin(label: string, workspaceId: string): Promise<UserResource> {
  const res = await api.post<UserResource>('/v1/users', {
    name: `Admin ${label}`,
    email: uniqueEmail(label),
    role: 'admin',
    send_invitation: false,
    workspace_ids: [workspaceId],
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** A destination in the workspace once key-vault's replica knows it, and a key routed to it. */
async function keyRoutedTo(workspaceId: string): Promise<ApiKeyResource> {
  const destination = await eventually(
    async () => {
      const res = await api.post<DestinationResource>('/v1/destinations', { name: `Sink ${Date.now()}`, workspace_id: workspaceId });
      return res.status === 201 ? res.body : undefined;
    },
    { what: `a destination in ${workspaceId}`, ...ACROSS },
  );
  const key = await api.post<ApiKeyResource>('/v1/api-keys', { name: `Routed ${Date.now()}`, scopes: ['keys:read'], destination_id: destination.id });
  expect(key.status).toBe(201);
  return key.body;
}

/** The destination-key email about `key` that `address` received. */
function keyEmail(address: string, key: ApiKeyResource) {
  return eventually(async () => (await emailsTo(address)).find((m) => m.text.includes(key.id)), { what: `the email about ${key.id} to ${address}`, ...ACROSS });
}

describe('npm run projections:rebuild -- notification', () => {
  it('rebuilds the replicas as they were, with what happened meanwhile, and sends no email again', async () => {
    const first = await workspace('Before');
    const alice = await admin('alice', first.id);
    const firstKey = await keyRoutedTo(first.id);
    await keyEmail(alice.email, firstKey);
    const before = await eventually(
      async () => {
        const rows = await replicas();
        return (rows.api_key_names as { id: string }[]).some((k) => k.id === firstKey.id) ? rows : undefined;
      },
      { what: 'the replicas to hold the first key', ...ACROSS },
    );
    // Every job finished (a job is marked done a moment after its email went out).
    const jobsBefore = await eventually(
      async () => {
        const stats = (await api.get<JobStats>('/v1/jobs/stats')).body;
        return stats.data.every((s) => s.counts.queued + s.counts.retry === 0) ? stats : undefined;
      },
      { what: 'every job of the organization to be finished', ...ACROSS },
    );
    const mailsBefore = (await emailsTo(alice.email)).length;

    // A damaged read side: the organization's replica rows are gone.
    for (const table of REPLICA_TABLES) await db.query(`DELETE FROM ${table} WHERE org_id = $1`, [org.organization_id]);

    const second = await workspace('During');
    const rebuild = promisify(execFile)('npm', ['run', '-s', 'projections:rebuild', '--', 'notification'], { cwd: repoRoot, env: process.env, timeout: 120_000 });
    // Live traffic while it runs: it must be in the replicas afterwards, whenever it landed.
    const bob = await admin('bob', second.id);
    const { stdout } = await rebuild;
    const summary = JSON.parse(stdout.trim()) as { events: number; applied: number; rows: Record<string, number> };
    expect(summary.applied).toBeGreaterThan(0);
    expect(Object.keys(summary.rows).sort()).toEqual([...REPLICA_TABLES].sort());

    // Everything that was there is back, exactly.
    const after = await replicas();
    for (const table of REPLICA_TABLES) expect(after[table]).toEqual(expect.arrayContaining(before[table]));
    const schemas = await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'notification_%'`);
    expect(schemas.rows).toEqual([]);

    // No job was made by the rebuild: no email can have been queued again.
    expect((await api.get<JobStats>('/v1/jobs/stats')).body).toEqual(jobsBefore);

    // The swapped-in replicas are live: Bob (created during the rebuild) is the admin of the
    // second workspace, so he — not the owner — hears of a key routed to it.
    const secondKey = await keyRoutedTo(second.id);
    await keyEmail(bob.email, secondKey);
    expect((await emailsTo(alice.email)).length).toBe(mailsBefore);
  });
});
