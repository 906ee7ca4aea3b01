/**
 * The bench's projection-rebuild stage: projection throughput while `npm run projections:rebuild
 * -- audit` rebuilds the audit log from `events` events.
 *
 * Creating 100,000 events through the API would take most of an hour on 2 cores, so the stage
 * writes synthetic but schema-valid events (`user.created`, `workspace.created`,
 * `api_key.created`, round-robin over the three stores and 50 organizations, spread over the
 * last 30 days) straight into the event stores of bench-only databases
 * (`steward_benchrebuild_*`, created fresh and dropped afterwards), checks a sample against the
 * contracts as a consumer would, then runs the real command against them (with
 * `STEWARD_DB_PREFIX` pointing there) and reads the summary line it prints.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EVENT_SOURCED_CONTEXTS, newId, type BoundedContext, type RequestContext } from '@steward/contracts';
import { EventStoreSchema1764140000000, PostgresEventStore, type StoredEvent } from '@steward/event-store';
import { validateCloudEvent } from '@steward/messaging';
import { recreateTestDatabases } from '@steward/testing';

const repoRoot = path.resolve(__dirname, '../..');
export const REBUILD_DB_PREFIX = 'steward_benchrebuild_';
const DATABASES = ['identity', 'workspace', 'keyvault', 'audit'].map((name) => `${REBUILD_DB_PREFIX}${name}`);
const ORGANIZATIONS = 50;
const SPREAD_MS = 30 * 86_400_000;
const INSERT_CHUNK = 2000;

export interface RebuildBench {
  events: number;
  organizations: number;
  /** Seconds to write the synthetic events (not part of the measurement). */
  seedSeconds: number;
  /** What the rebuild command reported. */
  entries: number;
  skipped: number;
  seconds: number;
  perSec: number;
}

function databaseUrl(serverUrl: string, context: BoundedContext): string {
  const url = new URL(serverUrl);
  url.pathname = `/${REBUILD_DB_PREFIX}${context.replace('-', '')}`;
  return url.toString();
}

/** The i-th synthetic event of a store: a creation in one of the organizations. */
function syntheticEvent(context: BoundedContext, i: number, occurredAt: Date, orgs: string[], actors: string[]): StoredEvent {
  const org = i % ORGANIZATIONS;
  const meta: RequestContext = { org_id: orgs[org], actor: { type: 'api_key', id: actors[org] }, request_id: newId('req'), ip: '203.0.113.7', user_agent: 'steward-bench' };
  const base = { eventId: newId('evt'), version: 1, dataVersion: 1, occurredAt, context: meta };
  switch (context) {
    case 'identity': {
      const id = newId('usr');
      return {
        ...base,
        streamId: id,
        streamType: 'user',
        event: { type: 'user.created', data: { user_id: id, name: `Bench User ${i}`, email: `bench.${i}@bench.test`, role: 'viewer', status: 'active', workspace_ids: [], invitation_id: null } },
      };
    }
    case 'workspace': {
      const id = newId('ws');
      return { ...base, streamId: id, streamType: 'workspace', event: { type: 'workspace.created', data: { workspace_id: id, name: `Bench ${i}`, slug: `bench-${i}`, parent_id: null } } };
    }
    default: {
      const id = newId('key');
      return {
        ...base,
        streamId: id,
        streamType: 'api_key',
        event: {
          type: 'api_key.created',
          data: {
            key_id: id,
            name: `bench key ${i}`,
            prefix: 'sk_live_bnch',
            secret_hash: randomBytes(32).toString('hex'),
            scopes: ['users:read'],
            workspace_id: null,
            destination_id: null,
            expires_at: null,
            rate_limit_per_minute: null,
            created_by: actors[org],
          },
        },
      };
    }
  }
}

/** Writes `count` synthetic events into one store's `events` (no outbox: nothing is published). */
async function seedStore(url: string, context: BoundedContext, count: number, offset: number, stride: number, orgs: string[], actors: string[]): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: [EventStoreSchema1764140000000], logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const store = new PostgresEventStore(context);
    const start = Date.now() - SPREAD_MS;
    for (let from = 0; from < count; from += INSERT_CHUNK) {
      const events = Array.from({ length: Math.min(INSERT_CHUNK, count - from) }, (_, k) => {
        const n = offset + (from + k) * stride; // position in the merged sequence
        return syntheticEvent(context, n, new Date(start + Math.floor((n * SPREAD_MS) / (count * stride))), orgs, actors);
      });
      if (from === 0) {
        const { reason } = validateCloudEvent(store.toCloudEvent(events[0]));
        if (reason) throw new Error(`synthetic ${events[0].event.type} is not valid: ${reason}`);
      }
      await dataSource.query(
        `INSERT INTO events (event_id, stream_id, stream_type, version, type, data_version, data, metadata, occurred_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.streamId),
          events.map((e) => e.streamType),
          events.map((e) => e.version),
          events.map((e) => e.event.type),
          events.map((e) => e.dataVersion),
          events.map((e) => JSON.stringify(e.event.data)),
          events.map((e) => JSON.stringify(e.context)),
          events.map((e) => e.occurredAt.toISOString()),
        ],
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Runs the real rebuild command against the bench-only databases; resolves with its summary line. */
function runRebuild(env: Record<string, string>): Promise<{ entries: number; skipped: number; seconds: number; events_per_second: number; events: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'projections:rebuild', '--', 'audit'], {
      cwd: repoRoot,
      env: { ...process.env, ...env, STEWARD_DB_PREFIX: REBUILD_DB_PREFIX },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(stdout.trim()));
      } catch (error) {
        reject(new Error(`projections:rebuild failed (${(error as Error).message})\n${stderr.split('\n').slice(-10).join('\n')}`));
      }
    });
  });
}

async function dropDatabases(serverUrl: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const name of DATABASES) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function measureRebuild(env: Record<string, string>, events: number, log: (message: string) => void): Promise<RebuildBench> {
  const serverUrl = env.DATABASE_URL;
  await recreateTestDatabases(serverUrl, DATABASES);
  try {
    const orgs = Array.from({ length: ORGANIZATIONS }, () => newId('org'));
    const actors = Array.from({ length: ORGANIZATIONS }, () => newId('key'));
    const stores = EVENT_SOURCED_CONTEXTS.length;
    const t0 = performance.now();
    await Promise.all(
      EVENT_SOURCED_CONTEXTS.map((context, s) => {
        const count = Math.floor(events / stores) + (s < events % stores ? 1 : 0);
        return seedStore(databaseUrl(serverUrl, context), context, count, s, stores, orgs, actors);
      }),
    );
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`rebuild: wrote ${events} synthetic events in ${seedSeconds.toFixed(1)} s; running npm run projections:rebuild -- audit`);
    const summary = await runRebuild(env);
    return {
      events: summary.events,
      organizations: ORGANIZATIONS,
      seedSeconds,
      entries: summary.entries,
      skipped: summary.skipped,
      seconds: summary.seconds,
      perSec: summary.events_per_second,
    };
  } finally {
    await dropDatabases(serverUrl);
  }
}
