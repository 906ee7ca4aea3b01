import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

/** An optional id or action filter. */
const IdFilter = (description: string, example: string) => applyDecorators(ApiPropertyOptional({ description, example }), IsOptional(), IsString(), MaxLength(100));

/** An optional ISO 8601 time filter. */
const TimeFilter = (field: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example: '2026-11-22T14:00:00.000Z' }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: `${field} must be an ISO 8601 date-time` }),
  );

const ACTION = ['Only this action (`<resource>.<verb>`).', 'user.update'] as const;
const USER = ['Entries whose actor or target is this id.', 'usr_01jdq3c2m5f8ve4r0s6t7w9x1y'] as const;
const TARGET = ['Entries about this resource.', 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] as const;
const WORKSPACE = ['Entries of this workspace.', 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] as const;
const START = 'Entries at or after this time.';
const END = 'Entries at or before this time.';

export class ListAuditLogsQueryDto extends PaginationQueryDto {
  @IdFilter(...ACTION) action?: string;
  @IdFilter(...USER) user_id?: string;
  @IdFilter(...TARGET) target_id?: string;
  @IdFilter(...WORKSPACE) workspace_id?: string;
  @TimeFilter('start_time', START) start_time?: string;
  @TimeFilter('end_time', END) end_time?: string;
}

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The list's filters (no `limit`/`cursor`: an export is the whole filtered set) and a format. */
export class ExportAuditLogsQueryDto {
  @ApiPropertyOptional({ description: 'The file format.', default: 'ndjson' })
  @OptionalNotNull()
  @IsIn(AUDIT_EXPORT_FORMATS, { message: 'format must be ndjson or csv' })
  format?: AuditExportFormat;

  @IdFilter(...ACTION) action?: string;
  @IdFilter(...USER) user_id?: string;
  @IdFilter(...TARGET) target_id?: string;
  @IdFilter(...WORKSPACE) workspace_id?: string;
  @TimeFilter('start_time', START) start_time?: string;
  @TimeFilter('end_time', END) end_time?: string;
}
