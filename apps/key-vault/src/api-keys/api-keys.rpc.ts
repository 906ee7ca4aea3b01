import { ApiKeyVerificationRpc, ApiKeysRpc, KeyVaultRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateApiKeyCommand } from './commands/create-api-key/create-api-key.command';
import { RecordKeyUsageCommand } from './commands/record-key-usage/record-key-usage.command';
import { RetrieveSecretCommand } from './commands/retrieve-secret/retrieve-secret.command';
import { RevokeApiKeyCommand } from './commands/revoke-api-key/revoke-api-key.command';
import { RotateApiKeyCommand } from './commands/rotate-api-key/rotate-api-key.command';
import { AuthenticateApiKeyQuery } from './queries/authenticate-api-key/authenticate-api-key.query';
import { GetApiKeyQuery } from './queries/get-api-key/get-api-key.query';
import { ListApiKeysQuery } from './queries/list-api-keys/list-api-keys.query';
import { VerifyApiKeyQuery } from './queries/verify-api-key/verify-api-key.query';

export const apiKeyRpcRoutes = [
  commandRoute(KeyVaultRpc.CreateApiKey, (payload, context) => new CreateApiKeyCommand(payload, context)),
  queryRoute(KeyVaultRpc.Authenticate, (payload) => new AuthenticateApiKeyQuery(payload.secret_hash)),
  queryRoute(ApiKeyVerificationRpc.Verify, (payload, context) => new VerifyApiKeyQuery(payload.secret_hash, context.org_id)),
  queryRoute(ApiKeysRpc.ListApiKeys, (payload, context) => new ListApiKeysQuery(context.org_id, payload)),
  queryRoute(ApiKeysRpc.GetApiKey, (payload, context) => new GetApiKeyQuery(context.org_id, payload.id)),
  commandRoute(ApiKeysRpc.RevokeApiKey, (payload, context) => new RevokeApiKeyCommand(payload, context)),
  commandRoute(ApiKeysRpc.RotateApiKey, (payload, context) => new RotateApiKeyCommand(payload, context)),
  commandRoute(ApiKeysRpc.RetrieveSecret, (payload, context) => new RetrieveSecretCommand(payload, context)),
  commandRoute(ApiKeysRpc.RecordUsage, (payload) => new RecordKeyUsageCommand(payload)),
];
