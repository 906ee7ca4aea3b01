import type { ManagerEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { managerDecider, type ManagerCommand, type ManagerState } from './domain/manager.decider';

export class ManagerAggregate extends DeciderAggregate<ManagerState, ManagerCommand, ManagerEvent> {
  constructor(id: string) {
    super(id, 'manager', managerDecider);
  }
}
