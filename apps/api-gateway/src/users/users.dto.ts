import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsIP, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { USER_STATUSES, type UserStatus } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';

export class CreateUserDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsString()
  @IsEmail({}, { message: 'email must be a valid address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @IsNotEmpty()
  role!: string;

  @IsOptional()
  @IsBoolean()
  send_invitation?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}

export class ListUsersQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @IsOptional()
  @IsIn(USER_STATUSES as unknown as string[], { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;

  /** Case-insensitive substring of the name or the email. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}

export class GetUserQueryDto {
  /** The user as it was at this time, rebuilt from its events. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'as_of must be an ISO 8601 time' })
  as_of?: string;
}

// Shapes only: the User aggregate owns the rules (non-empty name, known role, settable status).
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role?: string;

  @IsOptional()
  @IsString()
  status?: string;
}

/** A sign-in reported by the host application; `ip` and `user_agent` may be omitted or null. */
export class RecordSignInDto {
  @IsOptional()
  @IsIP(undefined, { message: 'ip must be an IPv4 or IPv6 address' })
  ip?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  user_agent?: string | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  method!: string;

  @IsBoolean()
  success!: boolean;
}
