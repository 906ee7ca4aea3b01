import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { API_KEY_DELIVERIES, API_KEY_STATUSES, MAX_ROTATION_GRACE_SECONDS, SCOPES, type ApiKeyDelivery, type ApiKeyStatus, type Scope } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';

// Shapes only: key-vault owns the rules (scopes held by the caller, a future expiry, the
// workspace and destination existing in the organization).
export class CreateApiKeyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES as unknown as string[], { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes!: Scope[];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  destination_id?: string;

  /** ISO 8601 time in the future; the key is refused from then on and listed `expired`. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expires_at must be an ISO 8601 time' })
  expires_at?: string;

  @IsOptional()
  @IsInt({ message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  @Min(1, { message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  rate_limit_per_minute?: number;

  /** `response` (default): the secret is in the 201; `retrieval`: one `GET /v1/api-keys/{id}/secret`. */
  @IsOptional()
  @IsIn(API_KEY_DELIVERIES as unknown as string[], { message: `deliver must be one of ${API_KEY_DELIVERIES.join(', ')}` })
  deliver?: ApiKeyDelivery;
}

export class ListApiKeysQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsIn(API_KEY_STATUSES as unknown as string[], { message: `status must be one of ${API_KEY_STATUSES.join(', ')}` })
  status?: ApiKeyStatus;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  destination_id?: string;
}

export class RotateApiKeyDto {
  /** How long the previous secret keeps working (default 0: it stops at once). */
  @IsOptional()
  @IsInt({ message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  @Min(0, { message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  @Max(MAX_ROTATION_GRACE_SECONDS, { message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  grace_seconds?: number;
}
