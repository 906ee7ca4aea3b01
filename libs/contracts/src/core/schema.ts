import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { FormatRegistry } from '@sinclair/typebox';
import { DomainError, type ErrorDetail } from './errors';

// Formats used by our schemas. TypeBox rejects values of unregistered formats.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
}

/**
 * Contracts are data: every event payload and RPC message is a TypeBox schema (plain JSON
 * Schema at run time, a static type at compile time). Every consumer validates on the way in.
 */
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checker<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema) as TypeCheck<T> | undefined;
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check as unknown as TypeCheck<TSchema>);
  }
  return check;
}

export function schemaErrors(schema: TSchema, value: unknown): ErrorDetail[] {
  const check = checker(schema);
  if (check.Check(value)) return [];
  const details: ErrorDetail[] = [];
  for (const error of check.Errors(value)) {
    details.push({ field: error.path.replace(/^\//, '').replace(/\//g, '.') || '(root)', issue: error.message });
    if (details.length >= 10) break;
  }
  return details;
}

/** Returns `value` typed by the schema, or throws `invalid_request` with field details. */
export function assertSchema<T extends TSchema>(schema: T, value: unknown, what = 'message'): Static<T> {
  const details = schemaErrors(schema, value);
  if (details.length) throw new DomainError('invalid_request', `invalid ${what}`, details);
  return value as Static<T>;
}
