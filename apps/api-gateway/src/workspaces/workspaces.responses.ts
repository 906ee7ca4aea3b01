import { ApiProperty } from '@nestjs/swagger';
import type { WorkspaceResource, WorkspaceTreeNode } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

export class WorkspaceResponse implements WorkspaceResource {
  @IdProperty('ws')
  id!: string;

  @ApiProperty({ example: 'Platform' })
  name!: string;

  @ApiProperty({ description: 'Unique among its siblings.', example: 'platform' })
  slug!: string;

  @IdProperty('ws', 'Null at the top level.', { nullable: true })
  parent_id!: string | null;

  @ApiProperty({ description: 'The slugs from the top level down.', example: '/eng/platform' })
  path!: string;

  @TimeProperty()
  created_at!: string;

  @TimeProperty()
  updated_at!: string;

  @VersionProperty()
  version!: number;
}

export class WorkspaceTreeNodeResponse implements WorkspaceTreeNode {
  @IdProperty('ws')
  id!: string;

  @ApiProperty({ example: 'Engineering' })
  name!: string;

  @ApiProperty({ type: () => [WorkspaceTreeNodeResponse], description: 'Sorted by name (case-insensitive), then id.', example: [] })
  children!: WorkspaceTreeNodeResponse[];
}
