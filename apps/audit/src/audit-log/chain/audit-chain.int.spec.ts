/**
 * The audit chain writer against real PostgreSQL: entries arriving out of order are linked in
 * chain order (the tail after a late arrival is relinked, never its content hashes), replays
 * change nothing, retention drops old entries, and verify's SQL agrees with every link.
 */
import type { DataSource } from 'typeorm';
import { freshTestDataSource } from '@steward/testing';
import { AUDIT_MIGRATIONS } from '../../migrations/audit-migrations';
import type { AuditEntryValues } from '../audit-entry.mapping';
import { VerifyAuditChainHandler } from '../queries/verify-audit-chain/verify-audit-chain.handler';
import { VerifyAuditChainQuery } from '../queries/verify-audit-chain/verify-audit-chain.query';
import { GENESIS_HASH, LIVE_TABLES, appendToChains, writeAnchors } from './audit-chain';

const ORG = 'org_01h455vb4pex5vsknk084sn02t';
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshTestDataSource('auditchain', AUDIT_MIGRATIONS);
});

afterAll(async () => {
  await dataSource.destroy();
});

/** An entry at `minutesAgo` minutes before now; ids sort like the times. */
function entry(n: number, minutesAgo: number, org = ORG): AuditEntryValues {
  const suffix = `01h455vb4pex5vsknk084sn${String(n).padStart(3, '0')}`;
  return {
    id: `aud_${suffix}`,
    org_id: org,
    action: 'user.update',
    actor_type: 'api_key',
    actor_id: 'key_01h455vb4pex5vsknk084sn02v',
    target_type: 'user',
    target_id: 'usr_01h455vb4pex5vsknk084sn02s',
    workspace_id: null,
    request_id: null,
    ip: null,
    user_agent: null,
    changes: { name: { from: 'a', to: `b${n}` } },
    occurred_at: new Date(Date.UTC(2100, 0, 1) - minutesAgo * 60_000).toISOString(),
    event_id: `evt_${suffix}`,
    event_type: 'user.updated',
  };
}

async function chain(org = ORG): Promise<{ id: string; content_hash: string; prev_hash: string; hash: string }[]> {
  return dataSource.query('SELECT id, content_hash, prev_hash, hash FROM audit_entries WHERE org_id = $1 ORDER BY occurred_at, id', [org]);
}

async function verify(org = ORG) {
  return new VerifyAuditChainHandler(dataSource).execute(new VerifyAuditChainQuery(org, {}));
}

const append = (entries: AuditEntryValues[], retentionDays = 36_500) =>
  dataSource.transaction((manager) => appendToChains(manager, LIVE_TABLES, entries, retentionDays));

describe('appendToChains', () => {
  it('links late arrivals in chain order and relinks only the tail after them', async () => {
    // Times in the future (2100) keep this organization's entries clear of retention.
    expect((await append([entry(10, 50), entry(30, 30), entry(50, 10)])).inserted).toBe(3);
    const before = await chain();

    const late = await append([entry(40, 20), entry(20, 40)]);

    expect(late).toMatchObject({ inserted: 2, relinked: 2, existing: 0 });
    const after = await chain();
    expect(after.map((e) => e.id)).toEqual([10, 20, 30, 40, 50].map((n) => entry(n, 0).id));
    expect(after[0]).toEqual(before[0]);
    expect(after[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < after.length; i++) expect(after[i].prev_hash).toBe(after[i - 1].hash);
    // Content hashes of the relinked entries are the ones written first.
    expect(after[2].content_hash).toBe(before[1].content_hash);
    expect(after[4].content_hash).toBe(before[2].content_hash);
    expect(await verify()).toEqual({ entries_checked: 5, first_broken_id: null, next: null });
  });

  it('skips entries already recorded (a replay) and leaves the chain as it was', async () => {
    const before = await chain();
    const replay = await append([entry(20, 40), entry(50, 10)]);
    expect(replay).toMatchObject({ inserted: 0, existing: 2, relinked: 0 });
    expect(await chain()).toEqual(before);
  });

  it('does not record entries older than the retention or not after the anchor', async () => {
    const org = 'org_01h455vb4pex5vsknk084sn09z';
    const old = { ...entry(1, 0, org), occurred_at: new Date(Date.now() - 10 * 86_400_000).toISOString() };
    const result = await append([old], 5);
    expect(result.expired.map((e) => e.id)).toEqual([old.id]);
    expect(await chain(org)).toEqual([]);

    await dataSource.transaction((manager) =>
      writeAnchors(manager, LIVE_TABLES, new Map([[org, { occurred_at: entry(5, 30, org).occurred_at, id: entry(5, 30, org).id, hash: 'f'.repeat(64) }]])),
    );
    const afterAnchor = await append([entry(4, 40, org), entry(6, 20, org)]);
    expect(afterAnchor.expired.map((e) => e.id)).toEqual([entry(4, 40, org).id]);
    const kept = await chain(org);
    expect(kept.map((e) => [e.id, e.prev_hash])).toEqual([[entry(6, 20, org).id, 'f'.repeat(64)]]);
    expect(await verify(org)).toEqual({ entries_checked: 1, first_broken_id: null, next: null });
  });

  it('lets verify find an edited entry', async () => {
    const entries = await chain();
    await dataSource.query(`UPDATE audit_entries SET ip = '198.51.100.1' WHERE id = $1`, [entries[3].id]);
    expect(await verify()).toEqual({ entries_checked: 4, first_broken_id: entries[3].id, next: null });
  });
});
