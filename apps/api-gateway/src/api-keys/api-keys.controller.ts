import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { KeyVaultRpc, displayPrefix, generateApiKeySecret, hashApiKey, type ApiKeyResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateApiKeyDto } from './api-keys.dto';

@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  /**
   * The secret is generated here and only its SHA-256 goes to key-vault, so it appears in this
   * one response and nowhere else. Key-vault refuses scopes the calling key does not hold.
   */
  @Post()
  @HttpCode(201)
  @RequiresScope('keys:write')
  async create(
    @Body() body: CreateApiKeyDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyResource & { secret: string }> {
    const secret = generateApiKeySecret();
    const key = await this.rpc.call(
      KeyVaultRpc.CreateApiKey,
      { name: body.name, scopes: body.scopes, secret_hash: hashApiKey(secret), prefix: displayPrefix(secret) },
      requestContext(request),
    );
    void reply.header('location', `/v1/api-keys/${key.id}`).header('cache-control', 'no-store');
    return { ...key, secret };
  }
}
