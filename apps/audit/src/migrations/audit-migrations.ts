import { AuditEntries1764140000200 } from './1764140000200-audit-entries';
import { AuditChain1764140000210 } from './1764140000210-audit-chain';
import { EventFeed1764140000250 } from './1764140000250-event-feed';

/** The audit database's migrations in order: the service runs them at start, and so does a rebuild. */
export const AUDIT_MIGRATIONS = [AuditEntries1764140000200, AuditChain1764140000210, EventFeed1764140000250];
