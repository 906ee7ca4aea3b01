import { KeyVaultRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateApiKeyCommand } from './commands/create-api-key/create-api-key.command';
import { AuthenticateApiKeyQuery } from './queries/authenticate-api-key/authenticate-api-key.query';

export const apiKeyRpcRoutes = [
  commandRoute(KeyVaultRpc.CreateApiKey, (payload, context) => new CreateApiKeyCommand(payload, context)),
  queryRoute(KeyVaultRpc.Authenticate, (payload) => new AuthenticateApiKeyQuery(payload.secret_hash)),
];
