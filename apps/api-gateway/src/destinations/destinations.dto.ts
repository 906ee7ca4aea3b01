import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';

// Shapes only: the Destination aggregate owns the rules (name 1..200 after trimming, a live
// workspace of the organization).

export class CreateDestinationDto {
  @IsString()
  @MaxLength(1000)
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id!: string;
}

export class ListDestinationsQueryDto extends PaginationQueryDto {
  /** Only the destinations owned by this workspace. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}
