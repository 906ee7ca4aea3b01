import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { INVITATION_STATUSES, type InvitationResourceStatus } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';

export class ListInvitationsQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsIn(INVITATION_STATUSES as unknown as string[], { message: `status must be one of ${INVITATION_STATUSES.join(', ')}` })
  status?: InvitationResourceStatus;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  workspace_id?: string;
}

/**
 * `{token}` of accept/decline. Any string is looked up: one that matches nothing (malformed,
 * superseded, used) answers 410 gone like every other unusable token, never 400/404.
 */
export class InvitationTokenDto {
  @IsString()
  @MaxLength(2048)
  token!: string;
}
