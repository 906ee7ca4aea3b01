import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';
import { OptionalNotNull } from '../http/validation';

// Shapes only: the Role aggregate owns the rules (name length, system names, known scopes).

export class CreateRoleDto {
  @ApiProperty({ description: 'Unique in the organization; not a system role\'s name.', example: 'Support agent' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 'Reads users and their sign-ins' })
  @OptionalNotNull()
  @IsString()
  description?: string;

  @ApiProperty({ description: 'Scope names.', example: ['users:read'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  permissions!: string[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'Support lead' })
  @OptionalNotNull()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ description: 'Replaces the scope names.', example: ['users:read', 'users:write'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  permissions?: string[];
}
