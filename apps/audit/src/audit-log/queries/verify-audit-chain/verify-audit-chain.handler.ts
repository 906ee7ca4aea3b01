import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, decodeCursor, encodeCursor, type AuditChainStretch } from '@steward/contracts';
import { GENESIS_HASH, LIVE_TABLES, readAnchor } from '../../chain/audit-chain';
import { VerifyAuditChainQuery } from './verify-audit-chain.query';

/** Entries one call checks: well within the RPC timeout, however long the chain is. */
export const VERIFY_STRETCH = 50_000;

const HEX64 = /^[0-9a-f]{64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Position {
  occurredAt: string;
  id: string;
  hash: string;
}

function encodePosition(p: Position): string {
  return encodeCursor({ k: `${p.occurredAt}|${p.id}|${p.hash}` });
}

function decodePosition(after: string): Position {
  const [occurredAt, id, hash, ...rest] = decodeCursor(after).k.split('|');
  if (rest.length || !TIME.test(occurredAt ?? '') || !id || !HEX64.test(hash ?? '')) {
    throw new DomainError('invalid_request', 'after is not valid', [{ field: 'after', issue: 'invalid' }]);
  }
  return { occurredAt, id, hash };
}

interface StretchRow {
  checked: number;
  broken_n: string | null;
  first_broken_id: string | null;
  last_id: string | null;
  last_at: Date | null;
  last_hash: string | null;
}

/**
 * Checks one stretch of the organization's chain in its order `(occurred_at, id)`, in one SQL
 * pass (no round trip per entry): for every entry, `content_hash` equals `audit_content_hash`
 * of its columns now, `hash` equals sha256(prev_hash || content_hash), and `prev_hash` equals
 * the previous entry's `hash` — for the first entry of the chain, the retention anchor's hash
 * or 64 zeros; for the first of a later stretch, the hash the previous stretch ended with.
 * An edited column, a deleted or inserted entry, or a recomputed hash each break a link.
 */
@QueryHandler(VerifyAuditChainQuery)
export class VerifyAuditChainHandler implements IQueryHandler<VerifyAuditChainQuery, AuditChainStretch> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, payload }: VerifyAuditChainQuery): Promise<AuditChainStretch> {
    let start: Position;
    if (payload.after) start = decodePosition(payload.after);
    else {
      const anchor = await readAnchor(this.dataSource.manager, LIVE_TABLES, orgId);
      start = { occurredAt: '-infinity', id: '', hash: anchor?.hash ?? GENESIS_HASH };
    }
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS checked,
              min(n) FILTER (WHERE ok IS NOT TRUE) AS broken_n,
              (array_agg(id ORDER BY n) FILTER (WHERE ok IS NOT TRUE))[1] AS first_broken_id,
              max(id) FILTER (WHERE last) AS last_id,
              max(occurred_at) FILTER (WHERE last) AS last_at,
              max(hash) FILTER (WHERE last) AS last_hash
       FROM (
         SELECT id, occurred_at, hash,
                row_number() OVER w AS n,
                lead(id) OVER w IS NULL AS last,
                content_hash = audit_content_hash(id, org_id, action, actor_type, actor_id, target_type, target_id, workspace_id,
                                                  request_id, ip, user_agent, changes, occurred_at, event_id, event_type)
                AND hash = audit_chain_hash(prev_hash, content_hash)
                AND prev_hash = coalesce(lag(hash) OVER w, $4) AS ok
         FROM (
           SELECT * FROM audit_entries
           WHERE org_id = $1 AND (occurred_at, id) > ($2::timestamptz, $3::text)
           ORDER BY occurred_at, id LIMIT $5
         ) AS stretch
         WINDOW w AS (ORDER BY occurred_at, id)
       ) AS links`,
      [orgId, start.occurredAt, start.id, start.hash, VERIFY_STRETCH],
    )) as StretchRow[];
    if (row.broken_n !== null) {
      return { entries_checked: Number(row.broken_n), first_broken_id: row.first_broken_id, next: null };
    }
    const more = row.checked === VERIFY_STRETCH && row.last_id !== null && row.last_at !== null && row.last_hash !== null;
    return {
      entries_checked: row.checked,
      first_broken_id: null,
      next: more ? encodePosition({ occurredAt: new Date(row.last_at as Date).toISOString(), id: row.last_id as string, hash: row.last_hash as string }) : null,
    };
  }
}
