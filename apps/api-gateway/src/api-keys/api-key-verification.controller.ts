import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { apiKeyFormatProblem, type ApiKeyRefusal } from '@steward/contracts';
import { ApiKeyCache } from '../auth/api-key-cache';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { VerifyApiKeyDto } from './api-key-verification.dto';

export type ApiKeyVerificationResponse =
  | { valid: true; key_id: string; organization_id: string; workspace_id: string | null; destination_id: string | null; scopes: string[] }
  | { valid: false; reason: ApiKeyRefusal };

@Controller('v1/api-keys')
export class ApiKeyVerificationController {
  constructor(private readonly keys: ApiKeyCache) {}

  /**
   * For services that receive data signed with Steward keys: is this key good, and whose is it?
   * Shape and checksum are checked here without a lookup; the rest is answered from the
   * gateway's key cache, or by key-vault. Keys of other organizations are `unknown`. Always 200
   * for a string (a refusal is an answer); the key is never echoed.
   */
  @Post('verify')
  @HttpCode(200)
  @RequiresScope('keys:read')
  async verify(@Body() body: VerifyApiKeyDto, @Req() request: StewardRequest): Promise<ApiKeyVerificationResponse> {
    const problem = apiKeyFormatProblem(body.key);
    if (problem) return { valid: false, reason: problem };
    const result = await this.keys.verify(body.key, requestContext(request));
    if (!result.valid) return { valid: false, reason: result.reason };
    const { key_id, organization_id, workspace_id, destination_id, scopes } = result.principal;
    return { valid: true, key_id, organization_id, workspace_id, destination_id, scopes };
  }
}
