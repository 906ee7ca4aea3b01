import type { OwnedTable } from '@steward/event-store';
import { ApiKeyReadModelProjection } from './api-keys/api-key.read-model';
import { DestinationReadModelProjection } from './destinations/destination.read-model';

/**
 * Key-vault's inline projections, in the order every append runs them (key-vault.module.ts), and
 * `npm run projections:verify -- key-vault` replays them.
 */
export const KEY_VAULT_INLINE_PROJECTIONS = [ApiKeyReadModelProjection, DestinationReadModelProjection];

/**
 * The read tables those projections write, i.e. what a rebuild from key-vault's event store must
 * give back. `workspaces` is not one: the workspace service's events feed it.
 */
export const KEY_VAULT_READ_TABLES: readonly OwnedTable[] = [
  // `last_used_at` comes from the gateways' usage reports, which are not events by design
  // (RecordKeyUsageHandler says why).
  { name: 'api_keys', ignoreColumns: ['last_used_at'] },
  { name: 'destinations' },
  // A provisioned secret's ciphertext is in no event (secrets never are): the live rows are the
  // starting point, and the replay must erase each one whose key was retrieved, rotated, revoked
  // or expired — so a ciphertext kept past that shows as a difference.
  { name: 'key_secrets', seedFromLive: true },
];
