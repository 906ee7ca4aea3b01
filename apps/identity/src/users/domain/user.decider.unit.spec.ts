import type { UserEvent } from '@steward/contracts';
import { given } from '@steward/testing';
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
});
