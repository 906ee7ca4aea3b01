import { ApiProperty } from '@nestjs/swagger';
import type { DestinationResource } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

export class DestinationResponse implements DestinationResource {
  @IdProperty('dst')
  id!: string;

  @ApiProperty({ example: 'Analytics warehouse' })
  name!: string;

  @IdProperty('ws', 'The workspace that owns the destination.')
  workspace_id!: string;

  @TimeProperty()
  created_at!: string;

  @VersionProperty()
  version!: number;
}
