import { Body, Controller, Delete, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { expectedVersion, setEtag } from '../http/etag';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateApiKeyDto, ListApiKeysQueryDto, RotateApiKeyDto } from './api-keys.dto';
import { SecretBox } from './secret-box';

/** A new secret: the full key goes to the client once; only its hash and prefix go to key-vault. */
function newSecret() {
  const secret = generateApiKeySecret();
  return { secret, secret_hash: hashApiKey(secret), prefix: displayPrefix(secret) };
}

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
    setEtag(reply, key);
    void reply.header('location', `/v1/api-keys/${key.id}`).header('cache-control', 'no-store');
    return retrieval ? key : { ...key, secret };
  }

  @Get()
  @RequiresScope('keys:read')
  list(@Query() query: ListApiKeysQueryDto, @Req() request: StewardRequest): Promise<Page<ApiKeyResource>> {
    return this.rpc.call(
      ApiKeysRpc.ListApiKeys,
      { limit: query.limit, cursor: query.cursor, status: query.status, workspace_id: query.workspace_id, destination_id: query.destination_id },
      requestContext(request),
    );
  }

  @Get(':id')
  @RequiresScope('keys:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApiKeyResource> {
    const key = await this.rpc.call(ApiKeysRpc.GetApiKey, { id }, requestContext(request));
    setEtag(reply, key);
    return key;
  }

  /** Revoke: 204, idempotent; every gateway drops the key on the `api_key.revoked` event. `If-Match` is honoured. */
  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('keys:write')
  async revoke(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(ApiKeysRpc.RevokeApiKey, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }

  /** A new secret (in this response only); the previous one keeps working for `grace_seconds` (default 0). */
  @Post(':id/rotate')
  @HttpCode(200)
  @RequiresScope('keys:write')
  async rotate(
    @Param('id') id: string,
    @Body() body: RotateApiKeyDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyResource & { secret: string }> {
    const { secret, secret_hash, prefix } = newSecret();
    const key = await this.rpc.call(
      ApiKeysRpc.RotateApiKey,
      { id, expected_version: expectedVersion(request), secret_hash, prefix, grace_seconds: body.grace_seconds ?? 0 },
      requestContext(request),
    );
    setEtag(reply, key);
    void reply.header('cache-control', 'no-store');
    return { ...key, secret };
  }

  /**
   * The one retrieval of a `deliver: "retrieval"` key's secret: key-vault hands over the blob
   * made at creation and erases it in the same transaction; afterwards 410 `gone`.
   */
  @Get(':id/secret')
  @RequiresScope('keys:write')
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
