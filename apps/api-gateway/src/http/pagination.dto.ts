import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '@steward/contracts';
import { OptionalNotNull } from './validation';

/** `limit` of every list call (API.md "Pagination"), for lists that continue otherwise than by `cursor`. */
export class LimitQueryDto {
  @ApiPropertyOptional({ description: 'Items per page.', default: PAGE_LIMIT_DEFAULT, example: 50 })
  @OptionalNotNull()
  // Decimal digits only: Number() would also take '0x10', '1e1' and ' 5 '; anything else stays a string and fails IsInt.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value))
  @IsInt({ message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  @Min(1, { message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}` })
  limit: number = PAGE_LIMIT_DEFAULT;
}

/** `limit` and `cursor` of every list call (API.md "Pagination"); list DTOs extend it. */
export class PaginationQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({ description: "The previous page's `meta.next_cursor` (opaque)." })
  @OptionalNotNull()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
