import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { API_KEY_DELIVERIES, API_KEY_STATUSES, MAX_ROTATION_GRACE_SECONDS, SCOPES, type ApiKeyDelivery, type ApiKeyStatus, type Scope } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

// Shapes only: key-vault owns the rules (scopes held by the caller, a future expiry, the
// workspace and destination existing in the organization).
export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI deploy key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'Scopes the key grants; each must be held by the calling key (`admin`: all).', example: ['users:read', 'users:write'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES as unknown as string[], { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes!: Scope[];

  @ApiPropertyOptional({ description: 'Limit the key to this workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;

  @ApiPropertyOptional({ description: 'Route the key to this destination (its workspace\'s owners and admins get an email).', example: 'dst_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  destination_id?: string;

  @ApiPropertyOptional({ description: 'A time in the future: the key is refused from then on and listed `expired`.', example: '2027-01-01T00:00:00.000Z' })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'expires_at must be an ISO 8601 time' })
  expires_at?: string;

  @ApiPropertyOptional({ description: "Requests per minute this key may make (default: the deployment's, 1,000).", example: 600 })
  @OptionalNotNull()
  @IsInt({ message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  @Min(1, { message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'rate_limit_per_minute must be an integer between 1 and 1000000' })
  rate_limit_per_minute?: number;

  @ApiPropertyOptional({ description: '`response`: the secret is in the 201; `retrieval`: no secret in the 201, one `GET /v1/api-keys/{id}/secret` returns it (a key provisioned for someone else).', default: 'response' })
  @OptionalNotNull()
  @IsIn(API_KEY_DELIVERIES as unknown as string[], { message: `deliver must be one of ${API_KEY_DELIVERIES.join(', ')}` })
  deliver?: ApiKeyDelivery;
}

export class ListApiKeysQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only keys in this status.' })
  @OptionalNotNull()
  @IsIn(API_KEY_STATUSES as unknown as string[], { message: `status must be one of ${API_KEY_STATUSES.join(', ')}` })
  status?: ApiKeyStatus;

  @ApiPropertyOptional({ description: 'Only keys limited to this workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;

  @ApiPropertyOptional({ description: 'Only keys routed to this destination.', example: 'dst_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  destination_id?: string;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({ description: 'Seconds the previous secret keeps working (0: it stops at once).', default: 0, example: 3600 })
  @OptionalNotNull()
  @IsInt({ message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  @Min(0, { message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  @Max(MAX_ROTATION_GRACE_SECONDS, { message: `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}` })
  grace_seconds?: number;
}
