import type { EventDefinition } from './core/events';
import { IDENTITY_EVENTS } from './identity/events';
import { KEY_VAULT_EVENTS } from './key-vault/events';
import { WORKSPACE_EVENTS } from './workspace/events';

/** Every event type Steward emits, by type: the registry consumers validate against. */
export const EVENT_DEFINITIONS: ReadonlyMap<string, EventDefinition> = new Map(
  ([...IDENTITY_EVENTS, ...WORKSPACE_EVENTS, ...KEY_VAULT_EVENTS] as unknown as EventDefinition[]).map((d) => [d.type, d]),
);

export function eventDefinition(type: string): EventDefinition | undefined {
  return EVENT_DEFINITIONS.get(type);
}
