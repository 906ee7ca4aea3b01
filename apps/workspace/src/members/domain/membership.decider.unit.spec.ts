import { fixedContext, given } from '@steward/testing';
import { membershipDecider, type MembershipEvent } from './membership.decider';

const added: MembershipEvent = {
  type: 'workspace.member_added',
  data: { workspace_id: 'ws_1', user_id: 'usr_1', role: 'editor', invitation_id: 'inv_1' },
};
const removed = (reason: 'removed' | 'user_deleted' | 'workspace_deleted'): MembershipEvent => ({
  type: 'workspace.member_removed',
  data: { workspace_id: 'ws_1', user_id: 'usr_1', reason },
});
const add = {
  type: 'AddMember' as const,
  workspaceId: 'ws_1',
  userId: 'usr_1',
  role: 'editor',
  invitationId: 'inv_1',
  workspaceExists: true,
  userDeleted: false,
};

describe('Membership aggregate', () => {
  describe('add', () => {
    it('makes the user a member with the given role and invitation', () => {
      given(membershipDecider, []).when(add).then([added]);
    });

    it('adds a member without an invitation (a user created with workspace_ids)', () => {
      given(membershipDecider, [])
        .when({ ...add, invitationId: null, role: 'viewer' })
        .then([{ type: 'workspace.member_added', data: { workspace_id: 'ws_1', user_id: 'usr_1', role: 'viewer', invitation_id: null } }]);
    });

    it('changes nothing for a user who is already a member', () => {
      given(membershipDecider, [added]).when({ ...add, invitationId: 'inv_2', role: 'admin' }).then([]);
    });

    it('adds again a user whose membership ended', () => {
      given(membershipDecider, [added, removed('removed')], fixedContext())
        .when({ ...add, invitationId: 'inv_2' })
        .thenState((state) => expect(state).toEqual({ status: 'member', workspaceId: 'ws_1', userId: 'usr_1', role: 'editor', invitationId: 'inv_2' }));
    });

    it('refuses a workspace that does not exist (or was deleted): not_found', () => {
      given(membershipDecider, []).when({ ...add, workspaceExists: false }).thenFails('not_found');
    });

    it('refuses a user who was deleted: not_found', () => {
      given(membershipDecider, []).when({ ...add, userDeleted: true }).thenFails('not_found');
    });

    it('refuses an empty role', () => {
      given(membershipDecider, []).when({ ...add, role: '  ' }).thenFails('invalid_request');
    });
  });

  describe('remove', () => {
    it.each(['removed', 'user_deleted', 'workspace_deleted'] as const)('ends a membership with reason %s', (reason) => {
      given(membershipDecider, [added]).when({ type: 'RemoveMember', reason }).then([removed(reason)]);
    });

    it('leaves the stream as not a member', () => {
      given(membershipDecider, [added])
        .when({ type: 'RemoveMember', reason: 'removed' })
        .thenState((state) => expect(state.status).toBe('removed'));
    });

    it('answers not_found for a user who is not a member (never was, or already removed)', () => {
      given(membershipDecider, []).when({ type: 'RemoveMember', reason: 'removed' }).thenFails('not_found');
      given(membershipDecider, [added, removed('removed')]).when({ type: 'RemoveMember', reason: 'user_deleted' }).thenFails('not_found');
    });
  });
});
