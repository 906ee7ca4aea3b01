import { TypeID, typeid } from 'typeid-js';

/**
 * Every id Steward issues is a TypeID: a type prefix plus a UUIDv7 in base32, so ids sort by
 * creation time, cannot be enumerated, and say what they name (`usr_01h…`).
 */
export const ID_PREFIXES = {
  organization: 'org',
  user: 'usr',
  workspace: 'ws',
  role: 'role',
  manager: 'mgr',
  invitation: 'inv',
  apiKey: 'key',
  destination: 'dst',
  template: 'tpl',
  job: 'job',
  event: 'evt',
  request: 'req',
  auditEntry: 'aud',
  signIn: 'sgn',
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

export function newId(prefix: IdPrefix): string {
  return typeid(prefix).toString();
}

/** True when `value` is a well-formed TypeID with the given prefix. */
export function isId(prefix: IdPrefix, value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith(`${prefix}_`)) return false;
  try {
    return TypeID.fromString(value).getType() === prefix;
  } catch {
    return false;
  }
}

/** Generates ids; injected into domain code so that deciders stay deterministic in tests. */
export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

export const typeIdGenerator: IdGenerator = { next: newId };
