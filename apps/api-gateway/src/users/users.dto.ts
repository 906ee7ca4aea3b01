import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
}
