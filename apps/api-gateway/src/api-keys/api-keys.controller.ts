import { Body, Controller, Delete, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiKeysRpc,
  DomainError,
  KeyVaultRpc,
  displayPrefix,
  generateApiKeySecret,
  hashApiKey,
  type ApiKeyResource,
  type Page,
} from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateApiKeyDto, ListApiKeysQueryDto, RotateApiKeyDto } from './api-keys.dto';
import { ApiKeyResponse, ApiKeySecretResponse, CreatedApiKeyResponse, RotatedApiKeyResponse } from './api-keys.responses';
import { SecretBox } from './secret-box';

/** A new secret: the full key goes to the client once; only its hash and prefix go to key-vault. */
function newSecret() {
  const secret = generateApiKeySecret();
  return { secret, secret_hash: hashApiKey(secret), prefix: displayPrefix(secret) };
}

@ApiTags('API keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly rpc: GatewayRpcClient,
    private readonly box: SecretBox,
  ) {}

  /**
   * The secret is generated here and only its SHA-256 goes to key-vault, so it appears in this
   * one response and nowhere else. Key-vault refuses scopes the calling key does not hold.
   * `deliver: "retrieval"`: no secret in this response; it travels to key-vault encrypted
   * (AES-256-GCM under KEY_ENCRYPTION_KEY) for the one `GET /v1/api-keys/{id}/secret`.
   */
  @Post()
  @HttpCode(201)
  @RequiresScope('keys:write')
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The secret is in this response only (store it now), unless `deliver: "retrieval"`: then one `GET /v1/api-keys/{id}/secret` returns it, once. A key routed to a destination emails the owners and admins of its workspace.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse, description: 'The key set, with its secret unless `deliver: "retrieval"` (`Location` names it).' })
  @ApiErrors(
    { insufficient_scope: 'the calling key lacks a scope it asks to grant (a key cannot grant scopes it does not hold)' },
    { invalid_request: '`expires_at` is not in the future, or `workspace_id`/`destination_id` does not name one of the organization' },
  )
  async create(
    @Body() body: CreateApiKeyDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyResource & { secret?: string }> {
    const context = requestContext(request);
    const { secret, secret_hash, prefix } = newSecret();
    const retrieval = body.deliver === 'retrieval';
    const key = await this.rpc.call(
      KeyVaultRpc.CreateApiKey,
      {
        name: body.name,
        scopes: body.scopes,
        secret_hash,
        prefix,
        workspace_id: body.workspace_id,
        destination_id: body.destination_id,
        expires_at: body.expires_at,
        rate_limit_per_minute: body.rate_limit_per_minute,
        deliver: body.deliver,
        secret_ciphertext: retrieval ? this.box.seal(secret, context.org_id) : undefined,
      },
      context,
    );
    void reply.header('location', `/v1/api-keys/${key.id}`).header('cache-control', 'no-store');
    return retrieval ? key : { ...key, secret };
  }

  @Get()
  @RequiresScope('keys:read')
  @ApiOperation({ summary: 'List API keys', description: 'Newest first; public metadata only (never a secret or a hash).' })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  list(@Query() query: ListApiKeysQueryDto, @Req() request: StewardRequest): Promise<Page<ApiKeyResource>> {
    return this.rpc.call(
      ApiKeysRpc.ListApiKeys,
      { limit: query.limit, cursor: query.cursor, status: query.status, workspace_id: query.workspace_id, destination_id: query.destination_id },
      requestContext(request),
    );
  }

  @Get(':id')
  @RequiresScope('keys:read')
  @IdParam('key', 'key set')
  @ApiOperation({ summary: 'Get an API key' })
  @ApiOkResponse({ type: ApiKeyResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<ApiKeyResource> {
    return this.rpc.call(ApiKeysRpc.GetApiKey, { id }, requestContext(request));
  }

  /** Every gateway drops the key on the `api_key.revoked` event. */
  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('keys:write')
  @IdParam('key', 'key set')
  @ApiOperation({ summary: 'Revoke an API key', description: 'Idempotent; the key stops working everywhere within a second.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async revoke(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(ApiKeysRpc.RevokeApiKey, { id, expected_version: expected }, requestContext(request));
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @RequiresScope('keys:write')
  @IdParam('key', 'key set')
  @ApiOperation({ summary: 'Rotate an API key', description: 'A new secret, in this response only; the previous one keeps working for `grace_seconds` (default 0).' })
  @ApiOkResponse({ type: RotatedApiKeyResponse })
  @ApiErrors({ conflict: 'only an active key can be rotated' })
  async rotate(
    @Param('id') id: string,
    @Body() body: RotateApiKeyDto,
    @IfMatch() expected: number | undefined,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyResource & { secret: string }> {
    const { secret, secret_hash, prefix } = newSecret();
    const key = await this.rpc.call(
      ApiKeysRpc.RotateApiKey,
      { id, expected_version: expected, secret_hash, prefix, grace_seconds: body.grace_seconds ?? 0 },
      requestContext(request),
    );
    void reply.header('cache-control', 'no-store');
    return { ...key, secret };
  }

  /**
   * The one retrieval of a `deliver: "retrieval"` key's secret: key-vault hands over the blob
   * made at creation and erases it in the same transaction; afterwards 410 `gone`.
   */
  @Get(':id/secret')
  @RequiresScope('keys:write')
  @IdParam('key', 'key set')
  @ApiOperation({ summary: "Retrieve a key's secret, once", description: 'For a key created with `deliver: "retrieval"`: its secret, exactly once.' })
  @ApiOkResponse({ type: ApiKeySecretResponse })
  @ApiErrors({ gone: 'the secret was retrieved already, or the key was not created for retrieval' })
  async secret(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ id: string; secret: string }> {
    const context = requestContext(request);
    const sealed = await this.rpc.call(ApiKeysRpc.RetrieveSecret, { id }, context);
    const secret = this.box.open(sealed.secret_ciphertext, context.org_id);
    if (secret === undefined) {
      // Another KEY_ENCRYPTION_KEY than the one that sealed it (replicas must share one).
      this.logger.error({ key_id: id }, 'a retrieved key secret could not be decrypted; check KEY_ENCRYPTION_KEY');
      throw new DomainError('internal', 'the secret could not be decrypted');
    }
    void reply.header('cache-control', 'no-store');
    return { id: sealed.id, secret };
  }
}
