import { Controller, Get, Query, Req } from '@nestjs/common';
import { AuditRpc, DomainError, type AuditEntryResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { ListAuditLogsQueryDto } from './audit-logs.dto';

/** Times are normalised to full ISO 8601 UTC before they travel to the audit service. */
function isoTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new DomainError('invalid_request', `${field} must be an ISO 8601 date-time`, [{ field, issue: 'format' }]);
  return time.toISOString();
}

@Controller('v1/audit-logs')
export class AuditLogsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('audit:read')
  list(@Query() query: ListAuditLogsQueryDto, @Req() request: StewardRequest): Promise<Page<AuditEntryResource>> {
    return this.rpc.call(
      AuditRpc.ListAuditLogs,
      {
        limit: query.limit,
        cursor: query.cursor,
        action: query.action,
        user_id: query.user_id,
        start_time: isoTime(query.start_time, 'start_time'),
        end_time: isoTime(query.end_time, 'end_time'),
      },
      requestContext(request),
    );
  }
}
