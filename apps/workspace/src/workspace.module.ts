import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { Organizations1764140000400 } from './migrations/1764140000400-organizations';
import { WorkspacesMembersTemplates1764140000410 } from './migrations/1764140000410-workspaces-members-templates';
import { CreateOrganizationHandler } from './organizations/commands/create-organization/create-organization.handler';
import { OrganizationReadModelProjection } from './organizations/organization.read-model';
import { organizationRpcRoutes } from './organizations/organizations.rpc';

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'workspace', routes: [...organizationRpcRoutes] }),
    serviceDatabaseModule('workspace', [Organizations1764140000400, WorkspacesMembersTemplates1764140000410]),
    EventStoreModule.forService({ context: 'workspace', inlineProjections: [OrganizationReadModelProjection] }),
  ],
  providers: [CreateOrganizationHandler],
})
export class WorkspaceModule {}
