import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { ApiKeyReadModelProjection } from './api-keys/api-key.read-model';
import { apiKeyRpcRoutes } from './api-keys/api-keys.rpc';
import { CreateApiKeyHandler } from './api-keys/commands/create-api-key/create-api-key.handler';
import { AuthenticateApiKeyHandler } from './api-keys/queries/authenticate-api-key/authenticate-api-key.handler';
import { ApiKeys1764140000500 } from './migrations/1764140000500-api-keys';

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'key-vault', routes: [...apiKeyRpcRoutes] }),
    serviceDatabaseModule('key-vault', [ApiKeys1764140000500]),
    EventStoreModule.forService({ context: 'key-vault', inlineProjections: [ApiKeyReadModelProjection] }),
  ],
  providers: [CreateApiKeyHandler, AuthenticateApiKeyHandler],
})
export class KeyVaultModule {}
