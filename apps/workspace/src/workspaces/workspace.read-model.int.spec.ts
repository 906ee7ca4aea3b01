/**
 * The workspace tree projection against real PostgreSQL: moves rewrite a whole subtree's paths,
 * sibling slugs are unique, and concurrent tree changes (opposite moves, a cascade against a
 * create under it) cannot leave a cycle or an orphan — the tree lock and the re-checks in the
 * append transaction refuse the loser.
 */
import { freshTestDataSource } from '@steward/testing';
import type { DataSource } from 'typeorm';
import { DomainError, typeIdGenerator, type RequestContext } from '@steward/contracts';
import { AggregateRepository, PostgresEventStore, type DecisionContext } from '@steward/event-store';
import { Organizations1764140000400 } from '../migrations/1764140000400-organizations';
import { WorkspacesMembersTemplates1764140000410 } from '../migrations/1764140000410-workspaces-members-templates';
import { DeleteWorkspaceCommand } from './commands/delete-workspace/delete-workspace.command';
import { DeleteWorkspaceHandler } from './commands/delete-workspace/delete-workspace.handler';
import { WorkspaceAggregate } from './workspace.aggregate';
import { findWorkspace, subtreePattern, WorkspaceReadModelProjection, type WorkspaceRow } from './workspace.read-model';

const ORG = 'org_tree_int';
const context: RequestContext = { org_id: ORG, actor: { type: 'system', id: 'int-test' }, request_id: 'req_int' };
const decision = (): DecisionContext => ({ now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: ORG });

let dataSource: DataSource;
let repository: AggregateRepository;

beforeAll(async () => {
  dataSource = await freshTestDataSource('workspace_tree', [Organizations1764140000400, WorkspacesMembersTemplates1764140000410]);
  repository = new AggregateRepository(dataSource, new PostgresEventStore('workspace'), [new WorkspaceReadModelProjection()]);
});

afterAll(async () => {
  await dataSource?.destroy();
});

let counter = 0;
async function create(name: string, parentId: string | null = null, slug?: string): Promise<string> {
  const workspace = new WorkspaceAggregate(typeIdGenerator.next('ws'));
  workspace.execute(
    { type: 'CreateWorkspace', workspaceId: workspace.id, name, slug: slug ?? (parentId ? undefined : `root-${++counter}`), parentId, parentExists: true },
    decision(),
  );
  await repository.save([workspace], context, new Date());
  return workspace.id;
}

/** A move decided on the handler's facts "the parent exists and is not in my subtree". */
async function move(id: string, parentId: string | null): Promise<void> {
  const workspace = await repository.load(new WorkspaceAggregate(id));
  workspace.execute({ type: 'MoveWorkspace', parentId, parentExists: true, parentInSubtree: false }, decision());
  await repository.save([workspace], context, new Date());
}

async function cascade(id: string): Promise<void> {
  const root = (await findWorkspace(dataSource, ORG, id)) as WorkspaceRow;
  const rows = (await dataSource.query(`SELECT id FROM workspaces WHERE org_id = $1 AND id_path LIKE $2 ORDER BY depth DESC`, [
    ORG,
    subtreePattern(root.id_path),
  ])) as { id: string }[];
  const aggregates = await Promise.all(rows.map((r) => repository.load(new WorkspaceAggregate(r.id))));
  for (const a of aggregates) a.execute({ type: 'DeleteWorkspace', hasChildren: true, cascade: true }, decision());
  await repository.save(aggregates, context, new Date());
}

const row = async (id: string) => (await findWorkspace(dataSource, ORG, id)) as WorkspaceRow;

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('workspace tree projection', () => {
  it('keeps id_path, slug_path and depth, and a move rewrites the whole subtree', async () => {
    const a = await create('A', null, `a-${++counter}`);
    const b = await create('B', a);
    const c = await create('C', b);
    const d = await create('D', c);
    const other = await create('Other', null, `other-${++counter}`);
    const rootA = await row(a);
    expect(await row(d)).toMatchObject({ id_path: `${a}/${b}/${c}/${d}/`, slug_path: `${rootA.slug_path}/b/c/d`, depth: 3 });

    await move(b, other);
    const rootOther = await row(other);
    expect(await row(b)).toMatchObject({ parent_id: other, id_path: `${other}/${b}/`, slug_path: `${rootOther.slug_path}/b`, depth: 1, version: 2 });
    expect(await row(d)).toMatchObject({ parent_id: c, id_path: `${other}/${b}/${c}/${d}/`, slug_path: `${rootOther.slug_path}/b/c/d`, depth: 3, version: 1 });
    expect(await row(a)).toMatchObject({ id_path: `${a}/`, depth: 0 });

    await move(c, null);
    expect(await row(d)).toMatchObject({ id_path: `${c}/${d}/`, slug_path: '/c/d', depth: 1 });
  });

  it('refuses a sibling slug on a move and rolls the move back', async () => {
    const p = await create('P');
    await create('Same', p);
    const q = await create('Q');
    const same = await create('Same', q);
    await expect(move(same, p)).rejects.toMatchObject({ code: 'conflict', details: [{ field: 'slug', issue: 'taken' }] });
    expect(await row(same)).toMatchObject({ parent_id: q, version: 1 });
    const events = (await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [same])) as { n: number }[];
    expect(events[0].n).toBe(1);
  });

  it('lets only one of two opposite concurrent moves through: never a cycle', async () => {
    for (let i = 0; i < 5; i++) {
      const root = await create(`Root ${i}`);
      const a = await create('A', root);
      const b = await create('B', root);
      const results = await Promise.all([outcome(move(a, b)), outcome(move(b, a))]);
      expect(results.sort()).toEqual(['conflict', 'ok']);
      const [ra, rb] = [await row(a), await row(b)];
      expect(ra.id_path.startsWith(rb.id_path) !== rb.id_path.startsWith(ra.id_path)).toBe(true);
    }
  });

  it('never leaves an orphan when a cascade races a create under the subtree', async () => {
    for (let i = 0; i < 5; i++) {
      const root = await create(`Doomed ${i}`);
      const child = await create('Child', root);
      // Either may win; when the create commits first, the cascade may include it or be refused.
      await Promise.all([outcome(cascade(root)), outcome(create(`Late ${i}`, child))]);
      const orphans = (await dataSource.query(
        `SELECT w.id FROM workspaces w LEFT JOIN workspaces p ON p.id = w.parent_id WHERE w.parent_id IS NOT NULL AND p.id IS NULL`,
      )) as unknown[];
      expect(orphans).toEqual([]);
    }
  });

  it('cascades a subtree of 7,500 workspaces in one transaction (more events than one INSERT may carry)', async () => {
    const root = await create('Big');
    const mids: string[] = [];
    for (let i = 0; i < 10; i++) mids.push(await create(`Mid ${i}`, root));
    for (const mid of mids) {
      for (let start = 0; start < 749; start += 250) {
        const leaves = Array.from({ length: Math.min(250, 749 - start) }, (_, j) => {
          const leaf = new WorkspaceAggregate(typeIdGenerator.next('ws'));
          leaf.execute({ type: 'CreateWorkspace', workspaceId: leaf.id, name: `Leaf ${start + j}`, parentId: mid, parentExists: true }, decision());
          return leaf;
        });
        await repository.save(leaves, context, new Date());
      }
    }
    const ids = ((await dataSource.query(`SELECT id FROM workspaces WHERE id_path LIKE $1`, [subtreePattern(`${root}/`)])) as { id: string }[]).map((r) => r.id);
    expect(ids).toHaveLength(7501);

    await new DeleteWorkspaceHandler(repository, dataSource).execute(new DeleteWorkspaceCommand({ id: root, cascade: true }, context));
    const left = (await dataSource.query(`SELECT count(*)::int AS n FROM workspaces WHERE id = ANY($1::text[])`, [ids])) as { n: number }[];
    expect(left[0].n).toBe(0);
    const deleted = (await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = 'workspace.deleted' AND stream_id = ANY($1::text[])`, [ids])) as {
      n: number;
    }[];
    expect(deleted[0].n).toBe(7501);
  });

  it('answers a subtree from the id_path index (an escaped prefix, so `_` in ids is no wildcard)', async () => {
    let plan = '';
    const rollback = new Error('rollback');
    await dataSource
      .transaction(async (manager) => {
        // A big organization of flat rows, so that the planner has a choice; rolled back.
        await manager.query(
          `INSERT INTO workspaces (id, org_id, name, slug, parent_id, id_path, slug_path, depth, created_at, updated_at, version)
           SELECT 'ws_big' || g, 'org_big', 'n', 's' || g, NULL, 'ws_big' || g || '/', '/s' || g, 0, now(), now(), 1 FROM generate_series(1, 20000) g`,
        );
        await manager.query('ANALYZE workspaces');
        const rows = (await manager.query(`EXPLAIN SELECT id FROM workspaces WHERE org_id = $1 AND id_path LIKE $2`, ['org_big', subtreePattern('ws_big42/')])) as {
          'QUERY PLAN': string;
        }[];
        plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(plan).toMatch(/workspaces_subtree[\s\S]*id_path ~>=~ 'ws_big42\/'/);
  });
});
