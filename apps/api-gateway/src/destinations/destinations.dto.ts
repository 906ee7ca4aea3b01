import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

// Shapes only: the Destination aggregate owns the rules (name 1..200 after trimming, a live
// workspace of the organization).

export class CreateDestinationDto {
  @ApiProperty({ description: '1 to 200 characters.', example: 'Analytics warehouse' })
  @IsString()
  @MaxLength(1000)
  name!: string;

  @ApiProperty({ description: 'The workspace that owns the destination.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id!: string;
}

export class ListDestinationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only the destinations owned by this workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}
