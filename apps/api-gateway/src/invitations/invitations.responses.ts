import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATUSES, type InvitationResource, type InvitationResourceStatus } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

/** Never a token or a token hash: the token travels only in the invitation email. */
export class InvitationResponse implements InvitationResource {
  @IdProperty('inv')
  id!: string;

  @ApiProperty({ format: 'email', example: 'alex@company.io' })
  email!: string;

  @IdProperty('usr', 'The invited user.')
  user_id!: string;

  @IdProperty('ws', 'The workspace of a workspace invitation; null for an invitation to the organization.', { nullable: true })
  workspace_id!: string | null;

  @ApiProperty({ example: 'editor' })
  role!: string;

  @ApiProperty({ enum: INVITATION_STATUSES, description: '`expired`: pending past `expires_at`.', example: 'pending' })
  status!: InvitationResourceStatus;

  @TimeProperty()
  expires_at!: string;

  @TimeProperty()
  created_at!: string;

  @VersionProperty()
  version!: number;
}
