import type { Static, TSchema } from '@sinclair/typebox';
import type { BoundedContext } from './topics';

/** A before/after pair of one changed field, as audit entries show it. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}
export type Changes = Record<string, FieldChange>;

/**
 * One event type: its name, owning context, payload schema (JSON Schema via TypeBox), the
 * audit action it records and how to read the audit target and changes from its payload.
 */
export interface EventDefinition<T extends string = string, S extends TSchema = TSchema> {
  type: T;
  context: BoundedContext;
  dataversion: number;
  description: string;
  schema: S;
  audit: {
    action: string;
    target: (data: Static<S>, subject: string) => { type: string; id: string };
    workspaceId?: (data: Static<S>) => string | null;
    changes: (data: Static<S>) => Changes;
  };
  /**
   * Payload fields by who may see them, where their name alone does not say it. `internal`:
   * secret material that may travel between Steward's services but never leaves them (a key's
   * secret hash, an invitation's token nonce) — removed from every public view of the event
   * (`publicEvent`: the event feed; `publicDataSchema`: the AsyncAPI document). `public`: a
   * field whose name looks secret but is not. A unit test fails when a field that looks secret
   * (`looksSecret`, `undeclaredSecretLookingFields`) is declared neither way.
   */
  fieldVisibility?: { readonly [K in keyof Static<S> & string]?: 'internal' | 'public' };
}

export function defineEvent<T extends string, S extends TSchema>(definition: EventDefinition<T, S>): EventDefinition<T, S> {
  return definition;
}

/** The decided fact before it is stored: the envelope is added by the event store. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export type EventOf<Def> = Def extends EventDefinition<infer T, infer S> ? DomainEvent<T, Static<S>> : never;

/** Audit `changes` for a creation: every listed field goes from null to its value. */
export function createdChanges<D extends object>(data: D, fields: (keyof D)[]): Changes {
  const changes: Changes = {};
  for (const field of fields) changes[String(field)] = { from: null, to: data[field] ?? null };
  return changes;
}

/** Audit `changes` for a removal: every listed field goes from its value to null. */
export function deletedChanges<D extends object>(data: D, fields: (keyof D)[]): Changes {
  const changes: Changes = {};
  for (const field of fields) changes[String(field)] = { from: data[field] ?? null, to: null };
  return changes;
}

/** Update events carry their own before/after pairs of the fields that changed. */
export function changesOf(data: { changes: Changes }): Changes {
  return data.changes;
}
