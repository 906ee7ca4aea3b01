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

export const AuditRpc = {
  ListAuditLogs: defineRpc<Page<AuditEntryResource>>()(
    'audit',
    'audit_logs.list',
    Type.Object(
      {
        limit: Type.Integer({ minimum: 1, maximum: 100 }),
        cursor: Type.Optional(Type.String()),
        action: Type.Optional(Type.String()),
        user_id: Type.Optional(Type.String()),
        start_time: Type.Optional(Type.String({ format: 'date-time' })),
        end_time: Type.Optional(Type.String({ format: 'date-time' })),
      },
      { additionalProperties: false },
    ),
  ),
} as const;
