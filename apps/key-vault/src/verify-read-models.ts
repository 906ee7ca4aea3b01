/**
 * `npm run projections:verify -- key-vault` runs this: checks that key-vault's read tables equal
 * a rebuild from its event store (replayed into scratch copies in one snapshot, then rolled back;
 * docs/operations.md). Safe while the stack runs. Progress goes to stderr; one JSON summary line
 * to stdout; exit 0 when equal, 1 otherwise.
 */
import 'reflect-metadata';
import { runReadModelVerification } from '@steward/event-store';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { KEY_VAULT_INLINE_PROJECTIONS, KEY_VAULT_READ_TABLES } from './read-models';

void runReadModelVerification({
  context: 'key-vault',
  databaseUrl: serviceDatabaseUrl('key-vault'),
  inlineProjections: KEY_VAULT_INLINE_PROJECTIONS,
  tables: KEY_VAULT_READ_TABLES,
}).then((code) => process.exit(code));
