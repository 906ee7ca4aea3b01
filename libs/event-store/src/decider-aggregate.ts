import { AggregateRoot, type IEventHandler } from '@nestjs/cqrs';
import type { Type } from '@nestjs/common';
import { DomainError, type DomainEvent } from '@steward/contracts';
import type { DecisionContext, Decider } from './decider';

/**
 * A @nestjs/cqrs AggregateRoot driven by a pure Decider: `execute` decides and applies events,
 * `loadFromHistory` replays stored ones. The repository appends `getUncommittedEvents()`
 * with `loadedVersion` as the expected version.
 */
export class DeciderAggregate<S, C, E extends DomainEvent> extends AggregateRoot<E> {
  private current: S;
  private applied = 0;
  private loaded = 0;

  constructor(
    readonly id: string,
    readonly streamType: string,
    private readonly decider: Decider<S, C, E>,
  ) {
    super();
    this.current = decider.initialState();
  }

  get state(): S {
    return this.current;
  }

  /** Version of the state, including decided but not yet stored events. */
  get version(): number {
    return this.applied;
  }

  /** Version as loaded from the store: the expected version of the next append. */
  get loadedVersion(): number {
    return this.loaded;
  }

  /** When the stream began and last changed (set by the repository when loading). */
  createdAt?: Date;
  updatedAt?: Date;

  hydrate(events: E[], times?: { createdAt?: Date; updatedAt?: Date }): this {
    this.loadFromHistory(events);
    this.loaded = this.applied;
    this.createdAt = times?.createdAt;
    this.updatedAt = times?.updatedAt;
    return this;
  }

  /** True once the stream has events (a loaded or newly decided aggregate). */
  get exists(): boolean {
    return this.applied > 0;
  }

  /**
   * Optimistic concurrency seen by clients: `If-Match: "<version>"` must name the current
   * version, otherwise 412 precondition_failed.
   */
  assertVersion(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.applied) {
      throw new DomainError('precondition_failed', `the resource is at version ${this.applied}, not ${expected}; fetch it again`);
    }
  }

  execute(command: C, context: DecisionContext): E[] {
    const events = this.decider.decide(command, this.current, context);
    for (const event of events) this.apply(event);
    return events;
  }

  protected override getEventHandler<T extends E = E>(_event: T): Type<IEventHandler> | undefined {
    const handler = (event: E) => {
      this.current = this.decider.evolve(this.current, event);
      this.applied += 1;
    };
    return handler as unknown as Type<IEventHandler>;
  }
}
