import type { RoleEvent } from '@steward/contracts';
import { fixedContext, given } from '@steward/testing';
import { roleDecider } from './role.decider';

describe('Role aggregate', () => {
  const create = { type: 'CreateRole' as const, roleId: 'role_1', name: 'Support', description: 'Helps customers', permissions: ['users:read', 'roles:read'] };
  const created: RoleEvent = {
    type: 'role.created',
    data: { role_id: 'role_1', name: 'Support', description: 'Helps customers', permissions: ['users:read', 'roles:read'] },
  };
  const deleted: RoleEvent = { type: 'role.deleted', data: { role_id: 'role_1', name: 'Support' } };

  describe('CreateRole', () => {
    it('creates a custom role with a trimmed name and its permissions', () => {
      given(roleDecider, [])
        .when({ ...create, name: '  Support ', description: ' Helps customers ' })
        .then([created]);
    });

    it('defaults the description to empty', () => {
      given(roleDecider, [])
        .when({ ...create, description: undefined })
        .then([{ type: 'role.created', data: { ...created.data, description: '' } } as RoleEvent]);
    });

    it('accepts every scope name, admin included', () => {
      given(roleDecider, []).when({ ...create, permissions: ['admin', 'events:read'] }).thenState((s) => {
        expect(s).toMatchObject({ status: 'active', permissions: ['admin', 'events:read'] });
      });
    });

    it.each([
      ['an unknown permission', { permissions: ['users:read', 'users:destroy'] }, 'permissions'],
      ['no permissions', { permissions: [] }, 'permissions'],
      ['a repeated permission', { permissions: ['users:read', 'users:read'] }, 'permissions'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
      ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description'],
    ])('refuses %s (400 on that field)', (_label, override, field) => {
      given(roleDecider, []).when({ ...create, ...override }).thenFails('invalid_request');
      expect(() => roleDecider.decide({ ...create, ...override }, roleDecider.initialState(), fixedContext())).toThrow(
        expect.objectContaining({ details: [expect.objectContaining({ field })] }),
      );
    });

    it.each(['owner', 'Admin', ' EDITOR ', 'viewer'])('refuses the system role name %j (409)', (name) => {
      given(roleDecider, []).when({ ...create, name }).thenFails('conflict');
    });

    it('accepts a name of exactly 100 characters', () => {
      given(roleDecider, []).when({ ...create, name: 'x'.repeat(100) }).thenState((s) => expect(s.status).toBe('active'));
    });

    it('refuses to create the same role twice', () => {
      given(roleDecider, [created]).when(create).thenFails('conflict');
    });
  });

  describe('UpdateRole', () => {
    const update = { type: 'UpdateRole' as const, roleId: 'role_1' };

    it('records only the fields that changed, before and after', () => {
      given(roleDecider, [created])
        .when({ ...update, name: 'Support', description: 'Answers tickets', permissions: ['roles:read', 'users:read', 'users:write'] })
        .then([
          {
            type: 'role.updated',
            data: {
              role_id: 'role_1',
              changes: {
                description: { from: 'Helps customers', to: 'Answers tickets' },
                permissions: { from: ['users:read', 'roles:read'], to: ['roles:read', 'users:read', 'users:write'] },
              },
            },
          },
        ]);
    });

    it('renames (a change of case is a change)', () => {
      given(roleDecider, [created])
        .when({ ...update, name: 'support' })
        .then([{ type: 'role.updated', data: { role_id: 'role_1', changes: { name: { from: 'Support', to: 'support' } } } }]);
    });

    it('emits nothing when nothing changes (same values, permissions in another order, or no fields)', () => {
      given(roleDecider, [created]).when({ ...update, name: ' Support ', description: 'Helps customers', permissions: ['roles:read', 'users:read'] }).then([]);
      given(roleDecider, [created]).when(update).then([]);
    });

    it('folds the changes into the state', () => {
      const renamed: RoleEvent = { type: 'role.updated', data: { role_id: 'role_1', changes: { name: { from: 'Support', to: 'Care' } } } };
      given(roleDecider, [created, renamed]).when({ ...update, permissions: ['users:read'] }).thenState((s) => {
        expect(s).toMatchObject({ status: 'active', name: 'Care', description: 'Helps customers', permissions: ['users:read'] });
      });
    });

    it('applies the creation rules to new values', () => {
      given(roleDecider, [created]).when({ ...update, permissions: ['nope:read'] }).thenFails('invalid_request');
      given(roleDecider, [created]).when({ ...update, permissions: [] }).thenFails('invalid_request');
      given(roleDecider, [created]).when({ ...update, name: '' }).thenFails('invalid_request');
      given(roleDecider, [created]).when({ ...update, name: 'Owner' }).thenFails('conflict');
    });

    it('refuses to change a system role (409)', () => {
      given(roleDecider, []).when({ type: 'UpdateRole', roleId: 'admin', name: 'Boss' }).thenFails('conflict');
    });

    it('does not find a role that does not exist or was deleted', () => {
      given(roleDecider, []).when({ ...update, name: 'X' }).thenFails('not_found');
      given(roleDecider, [created, deleted]).when({ ...update, name: 'X' }).thenFails('not_found');
    });
  });

  describe('DeleteRole', () => {
    it('deletes a custom role', () => {
      given(roleDecider, [created]).when({ type: 'DeleteRole', roleId: 'role_1' }).then([deleted]);
    });

    it.each(['owner', 'admin', 'editor', 'viewer'])('refuses to delete the system role %s (409)', (roleId) => {
      given(roleDecider, []).when({ type: 'DeleteRole', roleId }).thenFails('conflict');
    });

    it('does not delete twice', () => {
      given(roleDecider, [created, deleted]).when({ type: 'DeleteRole', roleId: 'role_1' }).thenFails('not_found');
    });
  });
});
