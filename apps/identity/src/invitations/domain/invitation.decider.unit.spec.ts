import type { InvitationEvent } from '@steward/contracts';
import { fixedContext, given } from '@steward/testing';
import { effectiveInvitationStatus, invitationDecider } from './invitation.decider';

const issuedAt = new Date('2026-11-26T12:00:00.000Z');
const at = (iso: string) => fixedContext({ now: new Date(iso), actor: { type: 'user', id: 'usr_1' } });

const created: InvitationEvent = {
  type: 'invitation.created',
  data: {
    invitation_id: 'inv_1',
    user_id: 'usr_1',
    email: 'alex@company.io',
    name: 'Alex',
    role: 'editor',
    workspace_id: null,
    expires_at: '2026-12-03T12:00:00.000Z',
    token_nonce: 'nonce-1',
  },
};
const ref = { invitation_id: 'inv_1', user_id: 'usr_1', workspace_id: null };
const resent: InvitationEvent = {
  type: 'invitation.resent',
  data: { ...ref, email: 'alex@company.io', name: 'Alex', role: 'editor', expires_at: '2026-12-05T12:00:00.000Z', token_nonce: 'nonce-2' },
};
const accepted: InvitationEvent = { type: 'invitation.accepted', data: { ...ref, role: 'editor' } };
const declined: InvitationEvent = { type: 'invitation.declined', data: ref };
const revoked: InvitationEvent = { type: 'invitation.revoked', data: ref };

const accept = { type: 'AcceptInvitation' as const, tokenMatches: true, userInvited: true };
const decline = { type: 'DeclineInvitation' as const, tokenMatches: true, userInvited: true };
const resend = { type: 'ResendInvitation' as const, tokenNonce: 'nonce-2', ttlDays: 7, userInvited: true };
const revoke = { type: 'RevokeInvitation' as const };

describe('Invitation aggregate', () => {
  const issue = {
    type: 'IssueInvitation' as const,
    invitationId: 'inv_1',
    userId: 'usr_1',
    email: 'alex@company.io',
    name: 'Alex',
    role: 'editor',
    workspaceId: null,
    tokenNonce: 'nonce-1',
    ttlDays: 7,
  };

  describe('issue', () => {
    it('issues an invitation that expires after the configured days, carrying the nonce and never a token', () => {
      given(invitationDecider, [], fixedContext({ now: issuedAt })).when(issue).then([created]);
    });

    it('refuses to issue the same invitation twice', () => {
      given(invitationDecider, [created]).when(issue).thenFails('conflict');
    });
  });

  describe('resend', () => {
    it('issues a new nonce and a new 7-day expiry, from now', () => {
      given(invitationDecider, [created], at('2026-11-28T12:00:00.000Z')).when(resend).then([resent]);
    });

    it('voids the old nonce: the state now holds only the new one', () => {
      given(invitationDecider, [created], at('2026-11-28T12:00:00.000Z'))
        .when(resend)
        .thenState((state) => {
          expect(state).toMatchObject({ exists: true, status: 'pending', tokenNonce: 'nonce-2', expiresAt: '2026-12-05T12:00:00.000Z' });
        });
    });

    it('renews an expired (still pending) invitation', () => {
      given(invitationDecider, [created], at('2026-12-20T00:00:00.000Z'))
        .when(resend)
        .thenState((state) => {
          expect(state).toMatchObject({ status: 'pending', expiresAt: '2026-12-27T00:00:00.000Z' });
        });
    });

    it.each([
      ['accepted', accepted],
      ['declined', declined],
      ['revoked', revoked],
    ])('refuses (409) once the invitation is %s', (_status, event) => {
      given(invitationDecider, [created, event]).when(resend).thenFails('conflict');
    });

    it('refuses (409) when the user is no longer invited', () => {
      given(invitationDecider, [created]).when({ ...resend, userInvited: false }).thenFails('conflict');
    });

    it('answers 404 for an invitation that does not exist', () => {
      given(invitationDecider, []).when(resend).thenFails('not_found');
    });
  });

  describe('accept', () => {
    it('accepts with the current token before expiry', () => {
      given(invitationDecider, [created], at('2026-11-27T12:00:00.000Z')).when(accept).then([accepted]);
    });

    it('accepts with the token of the latest resend', () => {
      given(invitationDecider, [created, resent], at('2026-12-04T12:00:00.000Z')).when(accept).then([accepted]);
    });

    it('answers gone for a token of an older nonce (tokenMatches false)', () => {
      given(invitationDecider, [created, resent], at('2026-11-28T12:00:00.000Z')).when({ ...accept, tokenMatches: false }).thenFails('gone');
    });

    it('answers gone once expired, and exactly at the expiry instant', () => {
      given(invitationDecider, [created], at('2026-12-03T12:00:00.001Z')).when(accept).thenFails('gone');
      given(invitationDecider, [created], at('2026-12-03T12:00:00.000Z')).when(accept).thenFails('gone');
    });

    it('answers gone when accepted twice', () => {
      given(invitationDecider, [created, accepted], at('2026-11-27T12:00:00.000Z')).when(accept).thenFails('gone');
    });

    it('answers gone after a decline or a revoke', () => {
      given(invitationDecider, [created, declined], at('2026-11-27T12:00:00.000Z')).when(accept).thenFails('gone');
      given(invitationDecider, [created, revoked], at('2026-11-27T12:00:00.000Z')).when(accept).thenFails('gone');
    });

    it('answers gone when the user is no longer invited (e.g. deleted)', () => {
      given(invitationDecider, [created], at('2026-11-27T12:00:00.000Z')).when({ ...accept, userInvited: false }).thenFails('gone');
    });

    it('answers gone, not 404, for an invitation that does not exist', () => {
      given(invitationDecider, []).when(accept).thenFails('gone');
    });
  });

  describe('decline', () => {
    it('declines with the current token before expiry', () => {
      given(invitationDecider, [created], at('2026-11-27T12:00:00.000Z')).when(decline).then([declined]);
    });

    it('answers gone for an old token, an expired invitation, or a second decline', () => {
      given(invitationDecider, [created, resent], at('2026-11-28T12:00:00.000Z')).when({ ...decline, tokenMatches: false }).thenFails('gone');
      given(invitationDecider, [created], at('2026-12-04T00:00:00.000Z')).when(decline).thenFails('gone');
      given(invitationDecider, [created, declined], at('2026-11-27T12:00:00.000Z')).when(decline).thenFails('gone');
      given(invitationDecider, [created, accepted], at('2026-11-27T12:00:00.000Z')).when(decline).thenFails('gone');
    });
  });

  describe('revoke', () => {
    it('revokes a pending invitation', () => {
      given(invitationDecider, [created]).when(revoke).then([revoked]);
    });

    it('revokes a pending invitation past its expiry', () => {
      given(invitationDecider, [created], at('2026-12-20T00:00:00.000Z')).when(revoke).then([revoked]);
    });

    it.each([
      ['accepted', accepted],
      ['declined', declined],
      ['revoked', revoked],
    ])('refuses (409) once the invitation is %s', (_status, event) => {
      given(invitationDecider, [created, event]).when(revoke).thenFails('conflict');
    });

    it('answers 404 for an invitation that does not exist', () => {
      given(invitationDecider, []).when(revoke).thenFails('not_found');
    });
  });

  describe('invitations to a workspace', () => {
    const toWorkspace = { ...issue, workspaceId: 'ws_1' };
    const existingUser = { status: 'active' as const, member: false, roleKnown: true };
    const wsCreated: InvitationEvent = { ...created, data: { ...created.data, workspace_id: 'ws_1' } } as InvitationEvent;
    const wsRef = { ...ref, workspace_id: 'ws_1' };

    it('issues an invitation to a workspace for a new user (facts of an existing user absent)', () => {
      given(invitationDecider, [], fixedContext({ now: issuedAt })).when(toWorkspace).then([wsCreated]);
    });

    it('issues one for an existing active or invited user', () => {
      given(invitationDecider, [], fixedContext({ now: issuedAt })).when({ ...toWorkspace, existingUser }).then([wsCreated]);
      given(invitationDecider, [], fixedContext({ now: issuedAt }))
        .when({ ...toWorkspace, existingUser: { ...existingUser, status: 'invited' } })
        .then([wsCreated]);
    });

    it('refuses (409) an inactive user, and a user who is already a member', () => {
      given(invitationDecider, []).when({ ...toWorkspace, existingUser: { ...existingUser, status: 'inactive' } }).thenFails('conflict');
      given(invitationDecider, []).when({ ...toWorkspace, existingUser: { ...existingUser, member: true } }).thenFails('conflict');
    });

    it('refuses (400) a role that is neither a system role nor a custom role of the organization', () => {
      given(invitationDecider, []).when({ ...toWorkspace, existingUser: { ...existingUser, roleKnown: false } }).thenFails('invalid_request');
    });

    it('lets an active user accept it (they only join the workspace) or decline it', () => {
      const asActive = { tokenMatches: true, userInvited: false, userActive: true };
      given(invitationDecider, [wsCreated], at('2026-11-27T12:00:00.000Z'))
        .when({ type: 'AcceptInvitation', ...asActive })
        .then([{ type: 'invitation.accepted', data: { ...wsRef, role: 'editor' } }]);
      given(invitationDecider, [wsCreated], at('2026-11-27T12:00:00.000Z'))
        .when({ type: 'DeclineInvitation', ...asActive })
        .then([{ type: 'invitation.declined', data: wsRef }]);
    });

    it('still answers gone to an active user for an invitation to the organization only', () => {
      given(invitationDecider, [created], at('2026-11-27T12:00:00.000Z'))
        .when({ type: 'AcceptInvitation', tokenMatches: true, userInvited: false, userActive: true })
        .thenFails('gone');
    });

    it('answers gone to a user neither invited nor active (inactive or deleted), and for a wrong token', () => {
      given(invitationDecider, [wsCreated], at('2026-11-27T12:00:00.000Z'))
        .when({ type: 'AcceptInvitation', tokenMatches: true, userInvited: false, userActive: false })
        .thenFails('gone');
      given(invitationDecider, [wsCreated], at('2026-11-27T12:00:00.000Z'))
        .when({ type: 'AcceptInvitation', tokenMatches: false, userInvited: false, userActive: true })
        .thenFails('gone');
    });
  });

  describe('effectiveInvitationStatus (what reads show)', () => {
    const now = new Date('2026-12-03T12:00:00.000Z');
    it('shows a pending invitation past its expiry as expired', () => {
      expect(effectiveInvitationStatus('pending', '2026-12-03T11:59:59.999Z', now)).toBe('expired');
      expect(effectiveInvitationStatus('pending', '2026-12-03T12:00:00.000Z', now)).toBe('expired');
    });

    it('shows a pending invitation before its expiry as pending', () => {
      expect(effectiveInvitationStatus('pending', '2026-12-03T12:00:00.001Z', now)).toBe('pending');
    });

    it('never turns a final status into expired', () => {
      for (const status of ['accepted', 'declined', 'revoked'] as const) {
        expect(effectiveInvitationStatus(status, '2020-01-01T00:00:00.000Z', now)).toBe(status);
      }
    });
  });
});
