import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

// Shapes only: the Workspace aggregate owns the rules (non-empty name, slug format, known
// parent, no cycle).

/** `parent_id` of `GET /v1/workspaces` that lists the top-level workspaces. */
export const ROOT_PARENT = 'root';

const present = (_: object, value: unknown) => value !== undefined;

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Platform' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Lowercase letters, digits and dashes; absent or null: made from the name.', example: 'platform' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  slug?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Absent or null: a top-level workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string | null;
}

export class UpdateWorkspaceDto {
  @ApiPropertyOptional({ example: 'Platform team' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(200)
  name?: string;

  // Not in API.md's list; accepted so that a workspace's slug (and its subtree's paths) can change.
  @ApiPropertyOptional({ description: 'A new slug: the paths of the subtree follow.', example: 'platform-team' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(100)
  slug?: string;

  @ApiPropertyOptional({ nullable: true, description: 'A workspace id moves the workspace under it; null moves it to the top level.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string | null;
}

export class ListWorkspacesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'A workspace id lists its direct children; `root` lists the top-level workspaces.', example: 'root' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string;
}

export class DeleteWorkspaceQueryDto {
  @ApiPropertyOptional({ description: '`true`: delete the whole subtree (otherwise a workspace with children is refused, 409).', default: 'false' })
  @OptionalNotNull()
  @IsIn(['true', 'false'], { message: 'cascade must be true or false' })
  cascade?: 'true' | 'false';
}
