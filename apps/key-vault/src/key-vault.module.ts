import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { apiKeyRpcRoutes } from './api-keys/api-keys.rpc';
import { CreateApiKeyHandler } from './api-keys/commands/create-api-key/create-api-key.handler';
import { ExpireApiKeyHandler } from './api-keys/commands/expire-api-key/expire-api-key.handler';
import { RecordKeyUsageHandler } from './api-keys/commands/record-key-usage/record-key-usage.handler';
import { RetrieveSecretHandler } from './api-keys/commands/retrieve-secret/retrieve-secret.handler';
import { RevokeApiKeyHandler } from './api-keys/commands/revoke-api-key/revoke-api-key.handler';
import { RotateApiKeyHandler } from './api-keys/commands/rotate-api-key/rotate-api-key.handler';
import { ApiKeyExpirySweep } from './api-keys/expiry/api-key-expiry.sweep';
import { AuthenticateApiKeyHandler } from './api-keys/queries/authenticate-api-key/authenticate-api-key.handler';
import { VerifyApiKeyHandler } from './api-keys/queries/verify-api-key/verify-api-key.handler';
import { GetApiKeyHandler } from './api-keys/queries/get-api-key/get-api-key.handler';
import { ListApiKeysHandler } from './api-keys/queries/list-api-keys/list-api-keys.handler';
import { CreateDestinationHandler } from './destinations/commands/create-destination/create-destination.handler';
import { DeleteDestinationHandler } from './destinations/commands/delete-destination/delete-destination.handler';
import { destinationRpcRoutes } from './destinations/destinations.rpc';
import { GetDestinationHandler } from './destinations/queries/get-destination/get-destination.handler';
import { ListDestinationApiKeysHandler } from './destinations/queries/list-destination-api-keys/list-destination-api-keys.handler';
import { ListDestinationsHandler } from './destinations/queries/list-destinations/list-destinations.handler';
import { DeleteDestinationsWhenWorkspaceIsDeleted } from './destinations/reactions/delete-destinations-when-workspace-is-deleted';
import { ApiKeys1764140000500 } from './migrations/1764140000500-api-keys';
import { DestinationsWorkspaces1764140000520 } from './migrations/1764140000520-destinations-workspaces';
import { ApiKeyLifecycle1764140000530 } from './migrations/1764140000530-api-key-lifecycle';
import { WorkspaceEventsSubscriber } from './workspaces-replica/workspace-events.subscriber';
import { WorkspacesReplicaProjection } from './workspaces-replica/workspaces-replica.projection';
import { KEY_VAULT_INLINE_PROJECTIONS } from './read-models';

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'key-vault', routes: [...apiKeyRpcRoutes, ...destinationRpcRoutes] }),
    serviceDatabaseModule('key-vault', [ApiKeys1764140000500, DestinationsWorkspaces1764140000520, ApiKeyLifecycle1764140000530]),
    EventStoreModule.forService({ context: 'key-vault', inlineProjections: KEY_VAULT_INLINE_PROJECTIONS }),
  ],
  providers: [
    CreateApiKeyHandler,
    AuthenticateApiKeyHandler,
    VerifyApiKeyHandler,
    ListApiKeysHandler,
    GetApiKeyHandler,
    RevokeApiKeyHandler,
    RotateApiKeyHandler,
    ExpireApiKeyHandler,
    RetrieveSecretHandler,
    RecordKeyUsageHandler,
    ApiKeyExpirySweep,
    CreateDestinationHandler,
    DeleteDestinationHandler,
    GetDestinationHandler,
    ListDestinationsHandler,
    ListDestinationApiKeysHandler,
    WorkspacesReplicaProjection,
    DeleteDestinationsWhenWorkspaceIsDeleted,
    WorkspaceEventsSubscriber,
  ],
})
export class KeyVaultModule {}
