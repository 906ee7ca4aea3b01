/**
 * `npm run projections:verify -- identity` runs this: checks that identity's read tables equal
 * a rebuild from its event store (replayed into scratch copies in one snapshot, then rolled
 * back; docs/operations.md). Safe while the stack runs. Progress goes to stderr; one JSON
 * summary line to stdout; exit 0 when equal, 1 otherwise.
 */
import 'reflect-metadata';
import { runReadModelVerification } from '@steward/event-store';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config/identity.config';
import { IDENTITY_INLINE_PROJECTIONS, IDENTITY_READ_TABLES } from './read-models';

void runReadModelVerification({
  context: 'identity',
  databaseUrl: serviceDatabaseUrl('identity'),
  inlineProjections: IDENTITY_INLINE_PROJECTIONS,
  providers: [{ provide: IDENTITY_CONFIG, useFactory: loadIdentityConfig }],
  tables: IDENTITY_READ_TABLES,
}).then((code) => process.exit(code));
