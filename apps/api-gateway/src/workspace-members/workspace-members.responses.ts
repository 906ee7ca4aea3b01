import { ApiProperty } from '@nestjs/swagger';
import type { WorkspaceMemberResource } from '@steward/contracts';
import { IdProperty, TimeProperty } from '../http/responses';

export class WorkspaceMemberResponse implements WorkspaceMemberResource {
  @IdProperty('usr')
  user_id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null until the workspace service has caught up with the user.', example: 'Jane Cooper' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'email', example: 'jane@example.com' })
  email!: string | null;

  @ApiProperty({ description: 'The role the membership was granted with.', example: 'editor' })
  role!: string;

  @TimeProperty()
  joined_at!: string;
}
