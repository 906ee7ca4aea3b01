import type { UserEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { userDecider, type UserCommand, type UserState } from './domain/user.decider';

export class UserAggregate extends DeciderAggregate<UserState, UserCommand, UserEvent> {
  constructor(id: string) {
    super(id, 'user', userDecider);
  }
}
