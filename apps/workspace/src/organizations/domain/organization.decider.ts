import { DomainError, type OrganizationEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type OrganizationState = { exists: false } | { exists: true; id: string; name: string };

export type OrganizationCommand = { type: 'CreateOrganization'; organizationId: string; name: string };

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState: () => ({ exists: false }),

  evolve(_state, event) {
    switch (event.type) {
      case 'organization.created':
        return { exists: true, id: event.data.organization_id, name: event.data.name };
      default: {
        const unknown: never = event.type;
        throw new Error(`unhandled organization event ${String(unknown)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateOrganization': {
        if (state.exists) throw new DomainError('conflict', 'organization already exists');
        const name = command.name.trim();
        if (!name) throw new DomainError('invalid_request', 'name must not be empty', [{ field: 'name', issue: 'required' }]);
        return [{ type: 'organization.created', data: { organization_id: command.organizationId, name } }];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`unhandled organization command ${String(unknown)}`);
      }
    }
  },
};
