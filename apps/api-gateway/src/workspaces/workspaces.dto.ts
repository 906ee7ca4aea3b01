import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';

// Shapes only: the Workspace aggregate owns the rules (non-empty name, slug format, known
// parent, no cycle).

/** `parent_id` of `GET /v1/workspaces` that lists the top-level workspaces. */
export const ROOT_PARENT = 'root';

const present = (_: object, value: unknown) => value !== undefined;

export class CreateWorkspaceDto {
  @IsString()
  @MaxLength(200)
  name!: string;

  /** Absent or null: generated from the name. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  slug?: string | null;

  /** Absent or null: a top-level workspace. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string | null;
}

export class UpdateWorkspaceDto {
  @ValidateIf(present)
  @IsString()
  @MaxLength(200)
  name?: string;

  /** Not in API.md's list; accepted so that a workspace's slug (and its subtree's paths) can change. */
  @ValidateIf(present)
  @IsString()
  @MaxLength(100)
  slug?: string;

  /** A workspace id moves the workspace under it; null moves it to the top level. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string | null;
}

export class ListWorkspacesQueryDto extends PaginationQueryDto {
  /** A workspace id lists its direct children; `root` lists the top-level workspaces. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  parent_id?: string;
}

export class DeleteWorkspaceQueryDto {
  /** `true`: delete the whole subtree (otherwise a workspace with children is refused, 409). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'cascade must be true or false' })
  cascade?: 'true' | 'false';
}
