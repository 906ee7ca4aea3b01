import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

// Shapes only: the Manager aggregate owns the rules (the user and role exist, workspace ids).

export class CreateManagerDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  user_id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role_id!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}

export class UpdateManagerDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role_id?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  workspace_ids?: string[];
}
