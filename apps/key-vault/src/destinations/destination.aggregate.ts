import type { DestinationEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { destinationDecider, type DestinationCommand, type DestinationState } from './domain/destination.decider';

export class DestinationAggregate extends DeciderAggregate<DestinationState, DestinationCommand, DestinationEvent> {
  constructor(id: string) {
    super(id, 'destination', destinationDecider);
  }
}
