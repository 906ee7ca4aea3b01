import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';

export class ListAuditLogsQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  user_id?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'start_time must be an ISO 8601 date-time' })
  start_time?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'end_time must be an ISO 8601 date-time' })
  end_time?: string;
}
