import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '@steward/contracts';

/** `limit` of every list call (API.md "Pagination"), for lists that continue otherwise than by `cursor`. */
export class LimitQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  @Min(1, { message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  limit: number = PAGE_LIMIT_DEFAULT;
}

/** `limit` and `cursor` of every list call (API.md "Pagination"); list DTOs extend it. */
export class PaginationQueryDto extends LimitQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
