import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsIP, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { USER_STATUSES, type UserStatus } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

export class CreateUserDto {
  @ApiProperty({ example: 'Alex Morgan' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'Unique in the organization (case-insensitive).', example: 'alex@company.io' })
  @IsString()
  @IsEmail({}, { message: 'email must be a valid address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ description: 'A system role (`owner`, `admin`, `editor`, `viewer`) or a custom role id.', example: 'editor' })
  @IsString()
  @IsNotEmpty()
  role!: string;

  @ApiPropertyOptional({ description: 'Send the invitation email (the user is `invited`); false: the user is `active` at once, no email.', default: true })
  @OptionalNotNull()
  @IsBoolean()
  send_invitation?: boolean;

  @ApiPropertyOptional({ description: 'Workspaces the user becomes a member of.', example: ['ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only users with this role (system role name or custom role id).', example: 'admin' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ description: 'Only users in this status.' })
  @OptionalNotNull()
  @IsIn(USER_STATUSES as unknown as string[], { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name or the email.', example: 'cooper' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only members of this workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}

export class GetUserQueryDto {
  @ApiPropertyOptional({ description: 'The user as it was at this time, rebuilt from its events.', example: '2026-11-22T14:00:00.000Z' })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'as_of must be an ISO 8601 time' })
  as_of?: string;
}

// Shapes only: the User aggregate owns the rules (non-empty name, known role, settable status).
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Alex Morgan-Lee' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'A system role name or a custom role id.', example: 'admin' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ description: '`active` or `inactive` (an invited user becomes active by accepting the invitation).', example: 'inactive' })
  @OptionalNotNull()
  @IsString()
  status?: string;
}

/** A sign-in reported by the host application; `ip` and `user_agent` may be omitted or null. */
export class RecordSignInDto {
  @ApiPropertyOptional({ nullable: true, description: "The client's IPv4 or IPv6 address.", example: '203.0.113.7' })
  @IsOptional()
  @IsIP(undefined, { message: 'ip must be an IPv4 or IPv6 address' })
  ip?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Mozilla/5.0' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  user_agent?: string | null;

  @ApiProperty({ description: 'How the user signed in, as the host application names it.', example: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  method!: string;

  @ApiProperty({ description: 'A successful sign-in sets the user\'s `last_login_at`.', example: true })
  @IsBoolean()
  success!: boolean;
}
