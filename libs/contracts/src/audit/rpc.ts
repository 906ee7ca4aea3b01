import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';
import type { Actor } from '../core/cloud-event';
import type { Changes } from '../core/events';

/** Audit entry as API.md shows it. */
export interface AuditEntryResource {
  id: string;
  action: string;
  actor: Actor;
  target: { type: string; id: string };
  workspace_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  changes: Changes;
  occurred_at: string;
  event_id: string;
}

/**
 * Most entries one `audit_logs.list` call may ask for: the public list stops at 100 (API.md);
 * the gateway's export pages with this larger size (and `limitByBytes` still bounds a page).
 */
export const AUDIT_EXPORT_PAGE_SIZE = 1000;

/** The filters of the audit log, shared by the list and the export. */
const auditFilters = {
  action: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  target_id: Type.Optional(Type.String()),
  workspace_id: Type.Optional(Type.String()),
  start_time: Type.Optional(Type.String({ format: 'date-time' })),
  end_time: Type.Optional(Type.String({ format: 'date-time' })),
};

/** `GET /v1/audit-logs/verify` as API.md shows it. */
export interface AuditChainVerification {
  valid: boolean;
  entries_checked: number;
  first_broken_id: string | null;
}

/**
 * One stretch of an organization's chain, checked by the audit service: the gateway calls again
 * with `next` until it is null or a broken entry is found, so no single call outlasts the RPC
 * timeout however long the chain is.
 */
export interface AuditChainStretch {
  entries_checked: number;
  first_broken_id: string | null;
  /** Where the next stretch starts (opaque); null when the chain has been read to its end. */
  next: string | null;
}

export const AuditRpc = {
  ListAuditLogs: defineRpc<Page<AuditEntryResource>>()(
    'audit',
    'audit_logs.list',
    Type.Object(
      {
        limit: Type.Integer({ minimum: 1, maximum: AUDIT_EXPORT_PAGE_SIZE }),
        cursor: Type.Optional(Type.String()),
        ...auditFilters,
      },
      { additionalProperties: false },
    ),
  ),
  VerifyAuditChain: defineRpc<AuditChainStretch>()(
    'audit',
    'audit_logs.verify',
    Type.Object({ after: Type.Optional(Type.String({ maxLength: 1024 })) }, { additionalProperties: false }),
  ),
} as const;
