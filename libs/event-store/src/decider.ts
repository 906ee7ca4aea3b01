import type { Actor, DomainEvent, IdGenerator } from '@steward/contracts';

/**
 * What a decision may depend on besides state and command. Time and ids come in here, so
 * domain code is deterministic and testable with given/when/then.
 */
export interface DecisionContext {
  now: Date;
  ids: IdGenerator;
  actor: Actor;
  orgId: string;
}

/**
 * An aggregate's pure logic: `decide` turns a command and the current state into new events
 * (or throws a DomainError); `evolve` folds an event into the state.
 */
export interface Decider<S, C, E extends DomainEvent> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: DecisionContext): E[];
}

/** Folds events into a state, starting from the decider's initial state. */
export function fold<S, E extends DomainEvent>(decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>, events: E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
