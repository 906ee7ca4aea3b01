import { WorkspaceRpc } from '@steward/contracts';
import { commandRoute } from '@steward/service-kit';
import { CreateOrganizationCommand } from './commands/create-organization/create-organization.command';

export const organizationRpcRoutes = [
  commandRoute(WorkspaceRpc.CreateOrganization, (payload, context) => new CreateOrganizationCommand(payload, context)),
];
