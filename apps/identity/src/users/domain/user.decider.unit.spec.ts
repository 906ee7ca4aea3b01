import { IDENTITY_EVENTS, type UserEvent } from '@steward/contracts';
import { fold } from '@steward/event-store';
import { fixedContext, given } from '@steward/testing';
import { userDecider, type UserCommand } from './user.decider';

const create = (overrides: Partial<Extract<UserCommand, { type: 'CreateUser' }>> = {}): UserCommand => ({
  type: 'CreateUser',
  userId: 'usr_1',
  name: 'Alex Morgan',
  email: 'alex@company.io',
  role: 'editor',
  sendInvitation: true,
  workspaceIds: [],
  invitationId: 'inv_1',
  ...overrides,
});

const created = (overrides: Partial<Extract<UserEvent, { type: 'user.created' }>['data']> = {}): UserEvent => ({
  type: 'user.created',
  data: {
    user_id: 'usr_1',
    name: 'Alex Morgan',
    email: 'alex@company.io',
    role: 'editor',
    status: 'invited',
    workspace_ids: [],
    invitation_id: 'inv_1',
    ...overrides,
  },
});

describe('User aggregate', () => {
  it('creates an invited user when an invitation is sent', () => {
    given(userDecider, []).when(create()).then([created()]);
  });

  it('creates an active user without invitation when send_invitation is false', () => {
    given(userDecider, [])
      .when(create({ sendInvitation: false, invitationId: null }))
      .then([created({ status: 'active', invitation_id: null })]);
  });

  it('trims name and email and de-duplicates workspace ids', () => {
    given(userDecider, [])
      .when(create({ name: '  Alex Morgan ', email: ' alex@company.io ', workspaceIds: ['ws_a', 'ws_a', 'ws_b'] }))
      .then([created({ workspace_ids: ['ws_a', 'ws_b'] })]);
  });

  it('refuses to create a user twice', () => {
    given(userDecider, [created()]).when(create()).thenFails('conflict');
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a malformed email', { email: 'not-an-email' }],
    ['an email with spaces', { email: 'a b@c.io' }],
    ['an unknown role', { role: 'superuser' }],
  ])('rejects %s as invalid_request', (_label, overrides) => {
    given(userDecider, []).when(create(overrides)).thenFails('invalid_request');
  });

  it.each(['owner', 'admin', 'editor', 'viewer'])('accepts the system role %s', (role) => {
    given(userDecider, [])
      .when(create({ role }))
      .thenState((state) => expect(state).toMatchObject({ exists: true, role, status: 'invited' }));
  });

  it('folds user.created into the state', () => {
    given(userDecider, [])
      .when(create({ sendInvitation: false, invitationId: null }))
      .thenState((state) => expect(state).toEqual({ exists: true, id: 'usr_1', name: 'Alex Morgan', email: 'alex@company.io', role: 'editor', status: 'active', workspaceIds: [] }));
  });

  it('accepts a custom role id the handler found in the organization', () => {
    given(userDecider, [])
      .when(create({ role: 'role_custom', customRoleExists: true }))
      .thenState((state) => expect(state).toMatchObject({ exists: true, role: 'role_custom' }));
  });

  describe('UpdateUser', () => {
    const active = created({ status: 'active', invitation_id: null });
    const update = (fields: Partial<Extract<UserCommand, { type: 'UpdateUser' }>>): UserCommand => ({ type: 'UpdateUser', customRoleExists: false, ...fields });
    const updated = (changes: Record<string, { from: unknown; to: unknown }>): UserEvent => ({ type: 'user.updated', data: { user_id: 'usr_1', changes } });

    it('records only the fields that change, before and after', () => {
      given(userDecider, [active])
        .when(update({ name: 'Alex M. Morgan', role: 'editor', status: 'inactive' }))
        .then([updated({ name: { from: 'Alex Morgan', to: 'Alex M. Morgan' }, status: { from: 'active', to: 'inactive' } })]);
    });

    it('trims the name', () => {
      given(userDecider, [active]).when(update({ name: '  Sam  ' })).then([updated({ name: { from: 'Alex Morgan', to: 'Sam' } })]);
    });

    it('emits nothing when nothing changes', () => {
      given(userDecider, [active]).when(update({ name: ' Alex Morgan', role: 'editor', status: 'active' })).then([]);
      given(userDecider, [active]).when(update({})).then([]);
    });

    it('changes the role to another system role', () => {
      given(userDecider, [active]).when(update({ role: 'owner' })).then([updated({ role: { from: 'editor', to: 'owner' } })]);
    });

    it('changes the role to a custom role of the organization', () => {
      given(userDecider, [active])
        .when(update({ role: 'role_custom', customRoleExists: true }))
        .then([updated({ role: { from: 'editor', to: 'role_custom' } })]);
    });

    it('rejects an unknown role', () => {
      given(userDecider, [active]).when(update({ role: 'role_missing' })).thenFails('invalid_request');
      given(userDecider, [active]).when(update({ role: 'superuser' })).thenFails('invalid_request');
    });

    it.each(['invited', 'deleted', 'ACTIVE', ''])('rejects the status %p', (status) => {
      given(userDecider, [active]).when(update({ status })).thenFails('invalid_request');
    });

    it('rejects an empty name', () => {
      given(userDecider, [active]).when(update({ name: '  ' })).thenFails('invalid_request');
    });

    it('reactivates an inactive user', () => {
      given(userDecider, [active, updated({ status: { from: 'active', to: 'inactive' } })])
        .when(update({ status: 'active' }))
        .then([updated({ status: { from: 'inactive', to: 'active' } })]);
    });

    it('leaves the status of an invited user to the invitation (409), but lets name and role change', () => {
      given(userDecider, [created()]).when(update({ status: 'active' })).thenFails('conflict');
      given(userDecider, [created()]).when(update({ status: 'inactive' })).thenFails('conflict');
      given(userDecider, [created()]).when(update({ name: 'Sam', role: 'viewer' })).then([
        updated({ name: { from: 'Alex Morgan', to: 'Sam' }, role: { from: 'editor', to: 'viewer' } }),
      ]);
    });

    it('does not find a user that does not exist or was deleted', () => {
      given(userDecider, []).when(update({ name: 'Sam' })).thenFails('not_found');
      given(userDecider, [active, deleted()]).when(update({ name: 'Sam' })).thenFails('not_found');
    });

    it('folds the changes into the state', () => {
      given(userDecider, [active])
        .when(update({ name: 'Sam', role: 'admin', status: 'inactive' }))
        .thenState((state) => expect(state).toMatchObject({ exists: true, name: 'Sam', role: 'admin', status: 'inactive' }));
    });
  });

  describe('ActivateUser', () => {
    const activate: UserCommand = { type: 'ActivateUser', invitationId: 'inv_1' };

    it('activates an invited user', () => {
      given(userDecider, [created()])
        .when(activate)
        .then([{ type: 'user.activated', data: { user_id: 'usr_1', invitation_id: 'inv_1' } }]);
      given(userDecider, [created()])
        .when(activate)
        .thenState((state) => expect(state).toMatchObject({ exists: true, status: 'active' }));
    });

    it('only activates an invited user (409 otherwise)', () => {
      given(userDecider, [created({ status: 'active', invitation_id: null })]).when(activate).thenFails('conflict');
      given(userDecider, [created(), { type: 'user.activated', data: { user_id: 'usr_1', invitation_id: 'inv_1' } }])
        .when(activate)
        .thenFails('conflict');
    });

    it('does not find a deleted user', () => {
      given(userDecider, [created(), deleted()]).when(activate).thenFails('not_found');
    });
  });

  describe('DeleteUser', () => {
    it('deletes the user, recording what it was', () => {
      given(userDecider, [created({ workspace_ids: ['ws_a'] })])
        .when({ type: 'DeleteUser' })
        .then([deleted({ workspace_ids: ['ws_a'] })]);
    });

    it('leaves a deleted state behind that cannot be deleted, changed or created again', () => {
      given(userDecider, [created()])
        .when({ type: 'DeleteUser' })
        .thenState((state) => expect(state).toEqual({ exists: false, deleted: true }));
      given(userDecider, [created(), deleted()]).when({ type: 'DeleteUser' }).thenFails('not_found');
      given(userDecider, [created(), deleted()]).when(create()).thenFails('conflict');
    });

    it('does not find a user that never existed', () => {
      given(userDecider, []).when({ type: 'DeleteUser' }).thenFails('not_found');
    });
  });

  describe('RecordSignIn', () => {
    const signIn: UserCommand = { type: 'RecordSignIn', ip: '203.0.113.7', userAgent: 'Mozilla/5.0', method: 'password', success: true };

    it('records the sign-in with a sgn_ id from the context', () => {
      given(userDecider, [created({ status: 'active', invitation_id: null })], fixedContext())
        .when(signIn)
        .then([
          {
            type: 'user.signed_in',
            data: { user_id: 'usr_1', sign_in_id: 'sgn_test0001', ip: '203.0.113.7', user_agent: 'Mozilla/5.0', method: 'password', success: true },
          },
        ]);
    });

    it('records failed attempts too, and leaves the user unchanged', () => {
      given(userDecider, [created({ status: 'active', invitation_id: null })])
        .when({ ...signIn, success: false, ip: null, userAgent: null })
        .thenState((state) => expect(state).toEqual(fold(userDecider, [created({ status: 'active', invitation_id: null })])));
    });

    it('does not find a deleted user', () => {
      given(userDecider, [created(), deleted()]).when(signIn).thenFails('not_found');
      given(userDecider, []).when(signIn).thenFails('not_found');
    });
  });

  describe('evolve', () => {
    it('handles every user event type', () => {
      const state = fold(userDecider, [created()]);
      for (const definition of IDENTITY_EVENTS.filter((d) => d.type.startsWith('user.'))) {
        const sample = samples[definition.type as UserEvent['type']];
        expect(sample.type).toBe(definition.type);
        expect(() => userDecider.evolve(state, sample)).not.toThrow();
      }
    });

    it('throws on an event type it does not know', () => {
      expect(() => userDecider.evolve(userDecider.initialState(), { type: 'user.renamed', data: {} } as unknown as UserEvent)).toThrow();
    });
  });
});

const deleted = (overrides: Partial<Extract<UserEvent, { type: 'user.deleted' }>['data']> = {}): UserEvent => ({
  type: 'user.deleted',
  data: { user_id: 'usr_1', name: 'Alex Morgan', email: 'alex@company.io', role: 'editor', workspace_ids: [], ...overrides },
});

// One sample of every user event: the Record type fails to compile when an event type is added.
const samples: { [T in UserEvent['type']]: Extract<UserEvent, { type: T }> } = {
  'user.created': created() as Extract<UserEvent, { type: 'user.created' }>,
  'user.updated': { type: 'user.updated', data: { user_id: 'usr_1', changes: { name: { from: 'Alex Morgan', to: 'Sam' } } } },
  'user.activated': { type: 'user.activated', data: { user_id: 'usr_1', invitation_id: 'inv_1' } },
  'user.deleted': deleted() as Extract<UserEvent, { type: 'user.deleted' }>,
  'user.signed_in': {
    type: 'user.signed_in',
    data: { user_id: 'usr_1', sign_in_id: 'sgn_1', ip: null, user_agent: null, method: 'password', success: true },
  },
};
