import { Type } from '@sinclair/typebox';
import { createdChanges, defineEvent, type EventOf } from '../core/events';

export const OrganizationCreated = defineEvent({
  type: 'organization.created',
  context: 'workspace',
  dataversion: 1,
  description: 'An organization (tenant) was created, e.g. by `npm run bootstrap`.',
  schema: Type.Object({ organization_id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'organization.create',
    target: (d) => ({ type: 'organization', id: d.organization_id }),
    changes: (d) => createdChanges(d, ['name']),
  },
});

export const WORKSPACE_EVENTS = [OrganizationCreated] as const;
export type OrganizationEvent = EventOf<typeof OrganizationCreated>;
