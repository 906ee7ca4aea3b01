import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { INVITATION_STATUSES, type InvitationResourceStatus } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

export class ListInvitationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only invitations in this status.' })
  @OptionalNotNull()
  @IsIn(INVITATION_STATUSES as unknown as string[], { message: `status must be one of ${INVITATION_STATUSES.join(', ')}` })
  status?: InvitationResourceStatus;

  @ApiPropertyOptional({ description: 'Only invitations to this workspace.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  workspace_id?: string;
}

/**
 * `{token}` of accept/decline. Any string is looked up: one that matches nothing (malformed,
 * superseded, used) answers 410 gone like every other unusable token, never 400/404.
 */
export class InvitationTokenDto {
  @ApiProperty({ description: 'The token from the invitation email.', example: 'inv_01jdq3c2m5f8ve4r0s6t7w9x1y.Jq3x…' })
  @IsString()
  @MaxLength(2048)
  token!: string;
}
