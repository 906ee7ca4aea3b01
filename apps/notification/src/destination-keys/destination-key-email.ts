import { Type, type Static } from '@sinclair/typebox';
import type { CloudEvent, ApiKeyCreated } from '@steward/contracts';
import type { OutgoingEmail } from '../email/mailer';
import type { Recipient } from '../recipients/recipients';
import { renderEmail } from '../templates/render';

/**
 * Payload of an `email.destination_key` job, copied from `api_key.created` (with a
 * `destination_id`): which key (name, display prefix — never the secret or its hash), which
 * destination, who created it and when. The recipients are not in it: they are decided when the
 * job runs, from the replicas (recipients.ts).
 */
export const DestinationKeyEmailPayloadSchema = Type.Object(
  {
    key_id: Type.String({ minLength: 1 }),
    key_name: Type.String(),
    key_prefix: Type.String(),
    destination_id: Type.String({ minLength: 1 }),
    org_id: Type.String({ minLength: 1 }),
    created_by: Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: false }),
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type DestinationKeyEmailPayload = Static<typeof DestinationKeyEmailPayloadSchema>;

export type ApiKeyCreatedEvent = CloudEvent<(typeof ApiKeyCreated)['schema']['static']>;

/** The job payload of a key created with a destination; undefined for a key without one. */
export function destinationKeyEmailPayload(event: ApiKeyCreatedEvent): DestinationKeyEmailPayload | undefined {
  const d = event.data;
  if (!d.destination_id) return undefined;
  return {
    key_id: d.key_id,
    key_name: d.name,
    key_prefix: d.prefix,
    destination_id: d.destination_id,
    org_id: event.orgid,
    created_by: { type: event.actor.type, id: event.actor.id },
    created_at: event.time,
  };
}

/**
 * What the Jobs API shows of an `email.destination_key` job: the key (name, display prefix,
 * id) and the destination. Its recipients are decided when it runs, so they are not in it.
 */
export function destinationKeyEmailSummary(payload: Partial<DestinationKeyEmailPayload>): Record<string, unknown> {
  return { key_id: payload.key_id, key_name: payload.key_name, key_prefix: payload.key_prefix, destination_id: payload.destination_id };
}

/** What the replicas know when the job runs, besides the payload. */
export interface DestinationKeyFacts {
  destination: { id: string; name: string; workspace_id: string };
  /** The workspace's name, or null when the replica does not know it (yet). */
  workspace_name: string | null;
  /** The creating key's name and prefix when the creator is a known API key. */
  creator_key: { name: string; prefix: string } | null;
}

/** `2026-12-03 14:00 UTC`. */
function formatTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function describeCreator(payload: DestinationKeyEmailPayload, creatorKey: DestinationKeyFacts['creator_key']): string {
  if (payload.created_by.type === 'api_key' && creatorKey) return `the API key "${creatorKey.name}" (${creatorKey.prefix}…, ${payload.created_by.id})`;
  if (payload.created_by.type === 'api_key') return `the API key ${payload.created_by.id}`;
  if (payload.created_by.type === 'user') return `the user ${payload.created_by.id}`;
  return `${payload.created_by.type} ${payload.created_by.id}`;
}

/** The email to one recipient: which key, which destination, who created it — never a secret. */
export function buildDestinationKeyEmail(payload: DestinationKeyEmailPayload, facts: DestinationKeyFacts, recipient: Recipient): OutgoingEmail {
  const rendered = renderEmail('destination-key', {
    name: recipient.name,
    key_name: payload.key_name,
    key_prefix: payload.key_prefix,
    key_id: payload.key_id,
    destination_name: facts.destination.name,
    destination_id: facts.destination.id,
    workspace_name: facts.workspace_name ?? facts.destination.workspace_id,
    created_by: describeCreator(payload, facts.creator_key),
    created_at: formatTime(payload.created_at),
  });
  return { to: recipient.email, ...rendered };
}
