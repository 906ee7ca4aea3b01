/**
 * The users inline projection against real PostgreSQL: the organization keeps at least one
 * active owner even when two removals race (advisory lock), and a custom role being deleted
 * cannot be given to a user at the same time.
 */
import { freshTestDataSource } from '@steward/testing';
import type { DataSource } from 'typeorm';
import { typeIdGenerator, type DomainError, type RequestContext } from '@steward/contracts';
import { AggregateRepository, PostgresEventStore, type DecisionContext } from '@steward/event-store';
import { UsersAndInvitations1764140000100 } from '../migrations/1764140000100-users-and-invitations';
import { RolesManagersSignIns1764140000110 } from '../migrations/1764140000110-roles-managers-sign-ins';
import { RoleAggregate } from '../roles/role.aggregate';
import { RoleReadModelProjection } from '../roles/role.read-model';
import type { UserCommand } from './domain/user.decider';
import { UserAggregate } from './user.aggregate';
import { UserReadModelProjection } from './user.read-model';

let dataSource: DataSource;
let repository: AggregateRepository;

const contextOf = (orgId: string): RequestContext => ({ org_id: orgId, actor: { type: 'system', id: 'int-test' }, request_id: 'req_int' });
const decisionOf = (orgId: string): DecisionContext => ({ now: new Date(), ids: typeIdGenerator, actor: { type: 'system', id: 'int-test' }, orgId });

beforeAll(async () => {
  dataSource = await freshTestDataSource('identity_users', [UsersAndInvitations1764140000100, RolesManagersSignIns1764140000110]);
  repository = new AggregateRepository(dataSource, new PostgresEventStore('identity'), [new UserReadModelProjection(), new RoleReadModelProjection()]);
});

afterAll(async () => {
  await dataSource?.destroy();
});

async function createUser(orgId: string, role: string): Promise<string> {
  const user = new UserAggregate(typeIdGenerator.next('usr'));
  user.execute(
    { type: 'CreateUser', userId: user.id, name: 'Int', email: `${user.id}@example.test`, role, sendInvitation: false, workspaceIds: [], invitationId: null },
    decisionOf(orgId),
  );
  await repository.save([user], contextOf(orgId), new Date());
  return user.id;
}

async function run(orgId: string, userId: string, command: UserCommand): Promise<void> {
  const user = await repository.load(new UserAggregate(userId));
  user.execute(command, decisionOf(orgId));
  await repository.save([user], contextOf(orgId), new Date());
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as DomainError).code ?? String(error);
  }
}

const activeOwners = async (orgId: string) =>
  ((await dataSource.query(`SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND role = 'owner' AND status = 'active'`, [orgId])) as { n: number }[])[0].n;

describe('users projection: the last active owner', () => {
  it('refuses to delete the last owner (409) and rolls the append back', async () => {
    const org = typeIdGenerator.next('org');
    const owner = await createUser(org, 'owner');
    expect(await outcome(run(org, owner, { type: 'DeleteUser' }))).toBe('conflict');
    expect(await activeOwners(org)).toBe(1);
    expect((await dataSource.query(`SELECT 1 FROM events WHERE stream_id = $1`, [owner])) as unknown[]).toHaveLength(1);
  });

  it('never lets two racing removals of the last two owners both succeed', async () => {
    const removals: UserCommand[] = [
      { type: 'DeleteUser' },
      { type: 'UpdateUser', role: 'admin', customRoleExists: false },
      { type: 'UpdateUser', status: 'inactive', customRoleExists: false },
    ];
    for (let i = 0; i < 15; i++) {
      const org = typeIdGenerator.next('org');
      const [a, b] = [await createUser(org, 'owner'), await createUser(org, 'owner')];
      const results = await Promise.all([outcome(run(org, a, removals[i % 3])), outcome(run(org, b, removals[(i + 1) % 3]))]);
      expect(results.sort()).toEqual(['conflict', 'ok']);
      expect(await activeOwners(org)).toBe(1);
    }
  });
});

describe('users projection: custom roles', () => {
  it('never lets a user gain a custom role while it is being deleted', async () => {
    for (let i = 0; i < 10; i++) {
      const org = typeIdGenerator.next('org');
      const role = new RoleAggregate(typeIdGenerator.next('role'));
      role.execute({ type: 'CreateRole', roleId: role.id, name: `Raced ${i}`, permissions: ['users:read'] }, decisionOf(org));
      await repository.save([role], contextOf(org), new Date());
      const userId = await createUser(org, 'viewer');
      const deleteRole = async () => {
        const loaded = await repository.load(new RoleAggregate(role.id));
        loaded.execute({ type: 'DeleteRole', roleId: role.id }, decisionOf(org));
        await repository.save([loaded], contextOf(org), new Date());
      };
      const [assigned, deleted] = await Promise.all([
        outcome(run(org, userId, { type: 'UpdateUser', role: role.id, customRoleExists: true })),
        outcome(deleteRole()),
      ]);
      // Either the user got the role (and the deletion was refused), or the role went first.
      expect([assigned, deleted]).toContainEqual('ok');
      expect([assigned, deleted]).not.toEqual(['ok', 'ok']);
      const [row] = (await dataSource.query(`SELECT role FROM users WHERE id = $1`, [userId])) as { role: string }[];
      const roleLeft = ((await dataSource.query(`SELECT 1 FROM roles WHERE id = $1`, [role.id])) as unknown[]).length;
      expect(row.role === role.id ? roleLeft : 1).toBe(1);
    }
  });
});
