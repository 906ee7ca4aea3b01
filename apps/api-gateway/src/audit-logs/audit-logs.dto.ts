import { applyDecorators } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';

/** An optional id or action filter. */
const IdFilter = () => applyDecorators(IsOptional(), IsString(), MaxLength(100));

/** An optional ISO 8601 time filter. */
const TimeFilter = (field: string) => applyDecorators(IsOptional(), IsISO8601({ strict: true }, { message: `${field} must be an ISO 8601 date-time` }));

export class ListAuditLogsQueryDto extends PaginationQueryDto {
  @IdFilter() action?: string;
  /** Entries whose actor or target is this id. */
  @IdFilter() user_id?: string;
  @IdFilter() target_id?: string;
  @IdFilter() workspace_id?: string;
  @TimeFilter('start_time') start_time?: string;
  @TimeFilter('end_time') end_time?: string;
}

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The list's filters (no `limit`/`cursor`: an export is the whole filtered set) and a format. */
export class ExportAuditLogsQueryDto {
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS, { message: 'format must be ndjson or csv' })
  format?: AuditExportFormat;

  @IdFilter() action?: string;
  @IdFilter() user_id?: string;
  @IdFilter() target_id?: string;
  @IdFilter() workspace_id?: string;
  @TimeFilter('start_time') start_time?: string;
  @TimeFilter('end_time') end_time?: string;
}
