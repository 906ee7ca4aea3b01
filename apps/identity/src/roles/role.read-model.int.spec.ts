/**
 * The roles and managers inline projections against real PostgreSQL: a role in use cannot be
 * deleted, and a role being deleted cannot be granted at the same time (advisory lock).
 */
import { freshTestDataSource } from '@steward/testing';
import type { DataSource } from 'typeorm';
import { typeIdGenerator, type DomainError, type RequestContext } from '@steward/contracts';
import { AggregateRepository, PostgresEventStore, type DecisionContext } from '@steward/event-store';
import { ManagerAggregate } from '../managers/manager.aggregate';
import { ManagerReadModelProjection } from '../managers/manager.read-model';
import { UsersAndInvitations1764140000100 } from '../migrations/1764140000100-users-and-invitations';
import { RolesManagersSignIns1764140000110 } from '../migrations/1764140000110-roles-managers-sign-ins';
import { RoleAggregate } from './role.aggregate';
import { RoleReadModelProjection } from './role.read-model';

const ORG = 'org_roles_int';
const context: RequestContext = { org_id: ORG, actor: { type: 'system', id: 'int-test' }, request_id: 'req_int' };
const decision = (): DecisionContext => ({ now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: ORG });

let dataSource: DataSource;
let repository: AggregateRepository;

beforeAll(async () => {
  dataSource = await freshTestDataSource('identity_roles', [UsersAndInvitations1764140000100, RolesManagersSignIns1764140000110]);
  repository = new AggregateRepository(dataSource, new PostgresEventStore('identity'), [new RoleReadModelProjection(), new ManagerReadModelProjection()]);
});

afterAll(async () => {
  await dataSource?.destroy();
});

async function createRole(name: string): Promise<string> {
  const role = new RoleAggregate(typeIdGenerator.next('role'));
  role.execute({ type: 'CreateRole', roleId: role.id, name, permissions: ['users:read'] }, decision());
  await repository.save([role], context, new Date());
  return role.id;
}

async function deleteRole(roleId: string): Promise<void> {
  const role = await repository.load(new RoleAggregate(roleId));
  role.execute({ type: 'DeleteRole', roleId }, decision());
  await repository.save([role], context, new Date());
}

async function createUser(role = 'viewer'): Promise<string> {
  const id = typeIdGenerator.next('usr');
  await dataSource.query(
    `INSERT INTO users (id, org_id, name, email, email_lower, role, status, created_at, updated_at, version)
     VALUES ($1, $2, 'Int', $3, $3, $4, 'active', now(), now(), 1)`,
    [id, ORG, `${id}@example.test`, role],
  );
  return id;
}

async function grant(userId: string, roleId: string): Promise<string> {
  const manager = new ManagerAggregate(typeIdGenerator.next('mgr'));
  manager.execute(
    { type: 'CreateManager', managerId: manager.id, user: { id: userId, exists: true }, role: { id: roleId, exists: true }, workspaceIds: [] },
    decision(),
  );
  await repository.save([manager], context, new Date());
  return manager.id;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as DomainError).code ?? String(error);
  }
}

const roleRows = async (roleId: string) => ((await dataSource.query(`SELECT id FROM roles WHERE id = $1`, [roleId])) as unknown[]).length;

describe('roles projection', () => {
  it('refuses (409) to delete a role a user holds, and rolls the append back', async () => {
    const roleId = await createRole('Held by a user');
    await createUser(roleId);
    expect(await outcome(deleteRole(roleId))).toBe('conflict');
    expect(await roleRows(roleId)).toBe(1);
    const events: unknown[] = await dataSource.query(`SELECT 1 FROM events WHERE stream_id = $1`, [roleId]);
    expect(events).toHaveLength(1);
  });

  it('refuses (409) to delete a role a manager holds; deletes it once the grant is gone', async () => {
    const roleId = await createRole('Held by a manager');
    const managerId = await grant(await createUser(), roleId);
    expect(await outcome(deleteRole(roleId))).toBe('conflict');
    const manager = await repository.load(new ManagerAggregate(managerId));
    manager.execute({ type: 'DeleteManager' }, decision());
    await repository.save([manager], context, new Date());
    expect(await outcome(deleteRole(roleId))).toBe('ok');
    expect(await roleRows(roleId)).toBe(0);
  });

  it('maps a duplicate name in another case to 409 conflict', async () => {
    await createRole('Duplicated');
    expect(await outcome(createRole('DUPLICATED'))).toBe('conflict');
  });

  it('never lets a grant and the deletion of its role both succeed when they race', async () => {
    for (let i = 0; i < 15; i++) {
      const roleId = await createRole(`Raced ${i}`);
      const userId = await createUser();
      const [granted, deleted] = await Promise.all([outcome(grant(userId, roleId)), outcome(deleteRole(roleId))]);
      expect([granted, deleted].sort()).toEqual(granted === 'ok' ? ['conflict', 'ok'] : ['invalid_request', 'ok']);
      const managers: unknown[] = await dataSource.query(`SELECT 1 FROM managers WHERE role_id = $1`, [roleId]);
      expect(managers.length + (await roleRows(roleId))).toBe(granted === 'ok' ? 2 : 0);
    }
  });
});
