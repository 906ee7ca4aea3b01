import type { ManagerEvent } from '@steward/contracts';
import { fixedContext, given } from '@steward/testing';
import { managerDecider, type ManagerCommand } from './manager.decider';

describe('Manager aggregate', () => {
  const WS_A = 'ws_01h455vb4pex5vsknk084sn02q';
  const WS_B = 'ws_01h455vb4pex5vsknk084sn02r';
  const create: ManagerCommand = {
    type: 'CreateManager',
    managerId: 'mgr_1',
    user: { id: 'usr_1', exists: true },
    role: { id: 'editor', exists: true },
    workspaceIds: [WS_A],
  };
  const created: ManagerEvent = { type: 'manager.created', data: { manager_id: 'mgr_1', user_id: 'usr_1', role_id: 'editor', workspace_ids: [WS_A] } };
  const deleted: ManagerEvent = { type: 'manager.deleted', data: { manager_id: 'mgr_1', user_id: 'usr_1', role_id: 'editor' } };

  function failsOn(command: ManagerCommand, history: ManagerEvent[], field: string): void {
    given(managerDecider, history).when(command).thenFails('invalid_request');
    const state = history.reduce(managerDecider.evolve, managerDecider.initialState());
    expect(() => managerDecider.decide(command, state, fixedContext())).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field })] }));
  }

  describe('CreateManager', () => {
    it('grants the role to the user on the listed workspaces', () => {
      given(managerDecider, []).when(create).then([created]);
    });

    it('grants on every workspace when the list is empty, and drops repeated ids', () => {
      given(managerDecider, []).when({ ...create, workspaceIds: [] }).then([{ type: 'manager.created', data: { ...created.data, workspace_ids: [] } } as ManagerEvent]);
      given(managerDecider, [])
        .when({ ...create, workspaceIds: [WS_A, WS_B, WS_A] })
        .thenState((s) => expect(s).toMatchObject({ status: 'active', workspaceIds: [WS_A, WS_B] }));
    });

    it('refuses a user who is not in the organization (400 user_id)', () => {
      failsOn({ ...create, user: { id: 'usr_x', exists: false } }, [], 'user_id');
    });

    it('refuses a role that is neither a system role nor one of the organization (400 role_id)', () => {
      failsOn({ ...create, role: { id: 'role_x', exists: false } }, [], 'role_id');
    });

    it('refuses malformed workspace ids (400 workspace_ids)', () => {
      failsOn({ ...create, workspaceIds: ['marketing'] }, [], 'workspace_ids');
    });

    it('refuses to create the same manager twice', () => {
      given(managerDecider, [created]).when(create).thenFails('conflict');
    });
  });

  describe('UpdateManager', () => {
    it('records the role and workspace changes, before and after', () => {
      given(managerDecider, [created])
        .when({ type: 'UpdateManager', role: { id: 'role_9', exists: true }, workspaceIds: [] })
        .then([
          {
            type: 'manager.updated',
            data: { manager_id: 'mgr_1', changes: { role_id: { from: 'editor', to: 'role_9' }, workspace_ids: { from: [WS_A], to: [] } } },
          },
        ]);
    });

    it('records only what changed', () => {
      given(managerDecider, [created])
        .when({ type: 'UpdateManager', role: { id: 'editor', exists: true }, workspaceIds: [WS_A, WS_B] })
        .then([{ type: 'manager.updated', data: { manager_id: 'mgr_1', changes: { workspace_ids: { from: [WS_A], to: [WS_A, WS_B] } } } }]);
    });

    it('emits nothing when nothing changes', () => {
      given(managerDecider, [created]).when({ type: 'UpdateManager', role: { id: 'editor', exists: true }, workspaceIds: [WS_A] }).then([]);
      given(managerDecider, [created]).when({ type: 'UpdateManager' }).then([]);
    });

    it('folds the changes into the state', () => {
      const updated: ManagerEvent = { type: 'manager.updated', data: { manager_id: 'mgr_1', changes: { role_id: { from: 'editor', to: 'viewer' } } } };
      given(managerDecider, [created, updated])
        .when({ type: 'UpdateManager', workspaceIds: [] })
        .thenState((s) => expect(s).toMatchObject({ status: 'active', roleId: 'viewer', workspaceIds: [] }));
    });

    it('refuses an unknown role (400 role_id) and malformed workspace ids', () => {
      failsOn({ type: 'UpdateManager', role: { id: 'role_x', exists: false } }, [created], 'role_id');
      failsOn({ type: 'UpdateManager', workspaceIds: ['usr_1'] }, [created], 'workspace_ids');
    });

    it('does not find a manager that does not exist or was deleted', () => {
      given(managerDecider, []).when({ type: 'UpdateManager', workspaceIds: [] }).thenFails('not_found');
      given(managerDecider, [created, deleted]).when({ type: 'UpdateManager', workspaceIds: [] }).thenFails('not_found');
    });
  });

  describe('DeleteManager', () => {
    it('removes the grant, naming its user and role', () => {
      given(managerDecider, [created]).when({ type: 'DeleteManager' }).then([deleted]);
    });

    it('names the current role after a change', () => {
      const updated: ManagerEvent = { type: 'manager.updated', data: { manager_id: 'mgr_1', changes: { role_id: { from: 'editor', to: 'role_9' } } } };
      given(managerDecider, [created, updated])
        .when({ type: 'DeleteManager' })
        .then([{ type: 'manager.deleted', data: { manager_id: 'mgr_1', user_id: 'usr_1', role_id: 'role_9' } }]);
    });

    it('does not delete twice, nor a manager that never existed', () => {
      given(managerDecider, [created, deleted]).when({ type: 'DeleteManager' }).thenFails('not_found');
      given(managerDecider, []).when({ type: 'DeleteManager' }).thenFails('not_found');
    });
  });
});
