import { Readable } from 'node:stream';
import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AUDIT_EXPORT_PAGE_SIZE,
  AuditRpc,
  DomainError,
  type AuditChainVerification,
  type AuditEntryResource,
  type Page,
  type RequestContext,
} from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { PageOf } from '../http/responses';
import { csvHeader, csvLine, ndjsonLine } from './audit-export.format';
import { ExportAuditLogsQueryDto, ListAuditLogsQueryDto } from './audit-logs.dto';
import { AuditChainVerificationResponse, AuditEntryResponse } from './audit-logs.responses';

/** Times are normalised to full ISO 8601 UTC before they travel to the audit service. */
function isoTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new DomainError('invalid_request', `${field} must be an ISO 8601 date-time`, [{ field, issue: 'format' }]);
  return time.toISOString();
}

type Filters = Pick<ListAuditLogsQueryDto, 'action' | 'user_id' | 'target_id' | 'workspace_id' | 'start_time' | 'end_time'>;

function filtersOf(query: Filters): Filters {
  return {
    action: query.action,
    user_id: query.user_id,
    target_id: query.target_id,
    workspace_id: query.workspace_id,
    start_time: isoTime(query.start_time, 'start_time'),
    end_time: isoTime(query.end_time, 'end_time'),
  };
}

const EXPORT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

@ApiTags('Audit logs')
@Controller('v1/audit-logs')
export class AuditLogsController {
  private readonly logger = new Logger('AuditLogsController');

  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('audit:read')
  @ApiOperation({ summary: 'List audit log entries', description: 'Newest first; one entry per state change. Kept 90 days (configurable).' })
  @ApiOkResponse({ type: PageOf(AuditEntryResponse) })
  list(@Query() query: ListAuditLogsQueryDto, @Req() request: StewardRequest): Promise<Page<AuditEntryResource>> {
    return this.rpc.call(AuditRpc.ListAuditLogs, { limit: query.limit, cursor: query.cursor, ...filtersOf(query) }, requestContext(request));
  }

  /**
   * Walks the organization's whole chain stretch by stretch (each one RPC, checked by the audit
   * service in one SQL pass) until its end or its first broken entry.
   */
  @Get('verify')
  @RequiresScope('audit:read')
  @ApiOperation({ summary: "Verify the audit log's hash chain", description: "Checks every entry of the organization's chain: its content against its hash, and its link to the one before." })
  @ApiOkResponse({ type: AuditChainVerificationResponse })
  async verify(@Req() request: StewardRequest): Promise<AuditChainVerification> {
    const context = requestContext(request);
    let checked = 0;
    let after: string | undefined;
    for (;;) {
      const stretch = await this.rpc.call(AuditRpc.VerifyAuditChain, { after }, context);
      checked += stretch.entries_checked;
      if (stretch.first_broken_id) return { valid: false, entries_checked: checked, first_broken_id: stretch.first_broken_id };
      if (!stretch.next) return { valid: true, entries_checked: checked, first_broken_id: null };
      after = stretch.next;
    }
  }

  /**
   * Streams the filtered entries, newest first, page by page through the list RPC (keyset
   * cursor, pages of up to AUDIT_EXPORT_PAGE_SIZE entries and PAGE_MAX_BYTES): the gateway holds
   * one page at a time, and asks for the next only when the client has read the previous one.
   * The first page is fetched before anything is sent, so a bad filter is still a 400 envelope;
   * a failure later can only cut the response short (the connection is closed, never a
   * complete-looking file).
   */
  @Get('export')
  @RequiresScope('audit:read')
  @ApiOperation({ summary: 'Export audit log entries', description: 'The whole filtered set, newest first, streamed as NDJSON (one entry per line) or CSV.' })
  @ApiOkResponse({
    description: 'A file (`Content-Disposition: attachment`).',
    content: {
      'application/x-ndjson': { schema: { type: 'string', description: 'One JSON audit entry per line.' } },
      'text/csv': { schema: { type: 'string', description: 'A header line, then one entry per line.' } },
    },
  })
  async export(@Query() query: ExportAuditLogsQueryDto, @Req() request: StewardRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = requestContext(request);
    const format = query.format ?? 'ndjson';
    const filters = filtersOf(query);
    const fetchPage = (cursor?: string) => this.rpc.call(AuditRpc.ListAuditLogs, { limit: AUDIT_EXPORT_PAGE_SIZE, cursor, ...filters }, context);
    const first = await fetchPage();
    const body = Readable.from(this.exportLines(first, fetchPage, format, context));
    body.on('error', (error: Error) => this.logger.warn({ request_id: context.request_id, err: { name: error.name, message: error.message } }, 'audit export cut short'));
    await reply
      .header('content-type', EXPORT_TYPES[format])
      .header('content-disposition', `attachment; filename="audit-logs.${format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }

  private async *exportLines(
    first: Page<AuditEntryResource>,
    fetchPage: (cursor?: string) => Promise<Page<AuditEntryResource>>,
    format: keyof typeof EXPORT_TYPES,
    context: RequestContext,
  ): AsyncGenerator<string> {
    const line = format === 'csv' ? csvLine : ndjsonLine;
    if (format === 'csv') yield csvHeader();
    let page = first;
    let entries = 0;
    for (;;) {
      for (const entry of page.data) yield line(entry);
      entries += page.data.length;
      if (!page.meta.next_cursor) break;
      page = await fetchPage(page.meta.next_cursor);
    }
    this.logger.log({ request_id: context.request_id, format, entries }, 'audit export sent');
  }
}
