import type { OrganizationEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { organizationDecider, type OrganizationCommand, type OrganizationState } from './domain/organization.decider';

export class OrganizationAggregate extends DeciderAggregate<OrganizationState, OrganizationCommand, OrganizationEvent> {
  constructor(id: string) {
    super(id, 'organization', organizationDecider);
  }
}
