import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';

export interface OrganizationResource {
  id: string;
  name: string;
  created_at: string;
  version: number;
}

export const WorkspaceRpc = {
  CreateOrganization: defineRpc<OrganizationResource>()(
    'workspace',
    'organizations.create',
    Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  ),
} as const;
