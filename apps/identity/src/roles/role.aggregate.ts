import type { RoleEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { roleDecider, type RoleCommand, type RoleState } from './domain/role.decider';

export class RoleAggregate extends DeciderAggregate<RoleState, RoleCommand, RoleEvent> {
  constructor(id: string) {
    super(id, 'role', roleDecider);
  }
}
