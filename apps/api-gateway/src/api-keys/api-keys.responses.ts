import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_STATUSES, type ApiKeyResource, type ApiKeyStatus } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

/**
 * A placeholder, not a key: a real-looking secret in the document would be a committed key to
 * every secret scanner (and to readers who copy it).
 */
export const SECRET_EXAMPLE = 'sk_live_<46 base62 characters, the last 3 a checksum>';

/** A key set's public metadata: never its secret or a hash of it. */
export class ApiKeyResponse implements ApiKeyResource {
  @IdProperty('key')
  id!: string;

  @ApiProperty({ example: 'CI deploy key' })
  name!: string;

  @ApiProperty({ description: 'The first characters of the secret, to recognise it.', example: 'sk_live_4eC3' })
  prefix!: string;

  @ApiProperty({ type: [String], description: 'Scope names (`admin`: all).', example: ['users:read', 'users:write'] })
  scopes!: string[];

  @IdProperty('ws', 'The workspace the key is limited to, if any.', { nullable: true })
  workspace_id!: string | null;

  @IdProperty('dst', 'The destination the key sends data to, if any.', { nullable: true })
  destination_id!: string | null;

  @ApiProperty({ enum: API_KEY_STATUSES, example: 'active' })
  status!: ApiKeyStatus;

  @TimeProperty('From then on the key is refused (and listed `expired`).', { nullable: true })
  expires_at!: string | null;

  @TimeProperty()
  created_at!: string;

  @ApiProperty({ description: 'Who created it: an API key id, or `bootstrap`.', example: 'key_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  created_by!: string;

  @TimeProperty('Updated within seconds of use.', { nullable: true })
  last_used_at!: string | null;

  @VersionProperty()
  version!: number;
}

/** `POST /v1/api-keys`: the key set and, unless `deliver: "retrieval"`, its secret — the only time it is shown. */
export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ required: false, description: 'The full key, shown this once (absent with `deliver: "retrieval"`).', example: SECRET_EXAMPLE })
  secret?: string;
}

/** `POST /v1/api-keys/{id}/rotate`: the key set and its new secret, shown this once. */
export class RotatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The new full key, shown this once.', example: SECRET_EXAMPLE })
  secret!: string;
}

/** `GET /v1/api-keys/{id}/secret`: the one retrieval of a `deliver: "retrieval"` key's secret. */
export class ApiKeySecretResponse {
  @IdProperty('key')
  id!: string;

  @ApiProperty({ example: SECRET_EXAMPLE })
  secret!: string;
}
