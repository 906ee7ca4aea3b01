import { ApiProperty } from '@nestjs/swagger';
import type { ManagerResource } from '@steward/contracts';
import { exampleId, IdProperty, TimeProperty, VersionProperty } from '../http/responses';

export class ManagerUserResponse {
  @IdProperty('usr')
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null once the user is deleted.', example: 'Jane Cooper' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'email', example: 'jane@example.com' })
  email!: string | null;
}

export class ManagerRoleResponse {
  @ApiProperty({ description: 'A system role name or a custom role id.', example: 'editor' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null once a custom role is deleted.', example: 'editor' })
  name!: string | null;

  @ApiProperty({ example: true })
  system!: boolean;
}

export class ManagerWorkspaceResponse {
  @IdProperty('ws')
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Platform' })
  name!: string | null;
}

/** A role granted to a user on a set of workspaces (API.md "Managers"). */
export class ManagerResponse implements ManagerResource {
  @IdProperty('mgr')
  id!: string;

  @ApiProperty({ type: ManagerUserResponse })
  user!: ManagerUserResponse;

  @ApiProperty({ type: ManagerRoleResponse })
  role!: ManagerRoleResponse;

  @ApiProperty({ type: [ManagerWorkspaceResponse], description: 'Empty: every workspace of the organization, present and future (`all_workspaces`).', example: [{ id: exampleId('ws'), name: 'Platform' }] })
  workspaces!: ManagerWorkspaceResponse[];

  @ApiProperty({ description: 'The grant covers every workspace, present and future.', example: false })
  all_workspaces!: boolean;

  @TimeProperty()
  created_at!: string;

  @VersionProperty()
  version!: number;
}
