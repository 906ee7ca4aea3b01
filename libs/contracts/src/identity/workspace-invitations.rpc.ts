import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { InvitationResource } from './invitations.rpc';

export const WorkspaceInvitationsRpc = {
  /**
   * `POST /v1/workspaces/{id}/invitations {email, role}` (the gateway has checked that the
   * workspace exists in the organization). A new email becomes an `invited` user with an
   * invitation to the workspace; an existing invited or active user gets a new invitation to it.
   * Accepting makes the person a member (`invitation.accepted` carries `workspace_id` and `role`).
   */
  InviteToWorkspace: defineRpc<InvitationResource>()(
    'identity',
    'invitations.create_for_workspace',
    Type.Object(
      {
        workspace_id: Type.String({ minLength: 1, maxLength: 100 }),
        email: Type.String({ minLength: 3, maxLength: 320 }),
        role: Type.String({ minLength: 1, maxLength: 100 }),
      },
      { additionalProperties: false },
    ),
  ),
} as const;
