import { fixedContext, given } from '@steward/testing';
import { invitationDecider } from './invitation.decider';

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

  it('issues an invitation that expires after the configured days, carrying the nonce and never a token', () => {
    given(invitationDecider, [], fixedContext({ now: new Date('2026-11-26T12:00:00.000Z') }))
      .when(issue)
      .then([
        {
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
        },
      ]);
  });

  it('refuses to issue the same invitation twice', () => {
    const history = invitationDecider.decide(issue, invitationDecider.initialState(), fixedContext());
    given(invitationDecider, history).when(issue).thenFails('conflict');
  });
});
