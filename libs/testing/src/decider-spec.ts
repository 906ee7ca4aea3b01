import type { DomainEvent, ErrorCode } from '@steward/contracts';
import { DomainError } from '@steward/contracts';
import { fold, type DecisionContext, type Decider } from '@steward/event-store';

/** A fixed decision context: time and ids are part of the test's input. */
export function fixedContext(overrides: Partial<DecisionContext> = {}): DecisionContext {
  let n = 0;
  return {
    now: new Date('2026-11-26T12:00:00.000Z'),
    ids: { next: (prefix) => `${prefix}_test${String(++n).padStart(4, '0')}` },
    actor: { type: 'api_key', id: 'key_test' },
    orgId: 'org_test',
    ...overrides,
  };
}

/**
 * Aggregate tests in given-events / when-command / then-events form:
 * `given(decider, [...events]).when(command).then([...events])` or `.thenFails('code')`.
 */
export function given<S, C, E extends DomainEvent>(decider: Decider<S, C, E>, history: E[], context = fixedContext()) {
  return {
    when(command: C) {
      const decide = () => decider.decide(command, fold(decider, history), context);
      return {
        then(expected: E[]): void {
          expect(decide()).toEqual(expected);
        },
        thenFails(code: ErrorCode): void {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
        },
        thenState(check: (state: S) => void): void {
          check(fold(decider, [...history, ...decide()]));
        },
      };
    },
  };
}
