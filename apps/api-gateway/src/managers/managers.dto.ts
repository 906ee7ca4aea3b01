import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../http/validation';

// Shapes only: the Manager aggregate owns the rules (the user and role exist, workspace ids).

export class CreateManagerDto {
  @ApiProperty({ example: 'usr_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  user_id!: string;

  @ApiProperty({ description: 'A system role name or a custom role id.', example: 'editor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role_id!: string;

  @ApiPropertyOptional({ description: 'Empty or absent: every workspace of the organization, present and future.', example: ['ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}

export class UpdateManagerDto {
  @ApiPropertyOptional({ description: 'A system role name or a custom role id.', example: 'admin' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role_id?: string;

  @ApiPropertyOptional({ description: 'Replaces the workspaces; empty: every workspace.', example: ['ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}
