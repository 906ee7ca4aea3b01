/**
 * `npm run projections:verify -- workspace` runs this: checks that the workspace service's read
 * tables equal a rebuild from its event store (replayed into scratch copies in one snapshot, then
 * rolled back; docs/operations.md). Safe while the stack runs. Progress goes to stderr; one JSON
 * summary line to stdout; exit 0 when equal, 1 otherwise.
 */
import 'reflect-metadata';
import { runReadModelVerification } from '@steward/event-store';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { WORKSPACE_INLINE_PROJECTIONS, WORKSPACE_READ_TABLES } from './read-models';

void runReadModelVerification({
  context: 'workspace',
  databaseUrl: serviceDatabaseUrl('workspace'),
  inlineProjections: WORKSPACE_INLINE_PROJECTIONS,
  tables: WORKSPACE_READ_TABLES,
}).then((code) => process.exit(code));
