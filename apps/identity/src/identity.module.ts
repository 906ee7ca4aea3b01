import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config/identity.config';
import { InvitationReadModelProjection } from './invitations/invitation.read-model';
import { UsersAndInvitations1764140000100 } from './migrations/1764140000100-users-and-invitations';
import { CreateUserHandler } from './users/commands/create-user/create-user.handler';
import { GetUserHandler } from './users/queries/get-user/get-user.handler';
import { ListUsersHandler } from './users/queries/list-users/list-users.handler';
import { UserReadModelProjection } from './users/user.read-model';
import { userRpcRoutes } from './users/users.rpc';

const config = { provide: IDENTITY_CONFIG, useFactory: loadIdentityConfig };

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'identity', routes: [...userRpcRoutes] }),
    serviceDatabaseModule('identity', [UsersAndInvitations1764140000100]),
    EventStoreModule.forService({
      context: 'identity',
      inlineProjections: [UserReadModelProjection, InvitationReadModelProjection],
      providers: [config],
    }),
  ],
  providers: [config, CreateUserHandler, GetUserHandler, ListUsersHandler],
})
export class IdentityModule {}
