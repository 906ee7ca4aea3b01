import { ApiProperty } from '@nestjs/swagger';
import { USER_STATUSES, type SignInResource, type UserResource, type UserStatus } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

export class UserResponse implements UserResource {
  @IdProperty('usr')
  id!: string;

  @ApiProperty({ example: 'Jane Cooper' })
  name!: string;

  @ApiProperty({ format: 'email', example: 'jane@example.com' })
  email!: string;

  @ApiProperty({ description: 'A system role (`owner`, `admin`, `editor`, `viewer`) or a custom role id (`role_…`).', example: 'editor' })
  role!: string;

  @ApiProperty({ enum: USER_STATUSES, description: '`invited` until the invitation is accepted; `inactive` users cannot sign in.', example: 'active' })
  status!: UserStatus;

  @ApiProperty({ type: [String], description: 'Workspaces the user is a member of.', example: ['ws_01jdq3c2m5f8ve4r0s6t7w9x1y'] })
  workspace_ids!: string[];

  @TimeProperty('The last successful sign-in reported by the host application.', { nullable: true })
  last_login_at!: string | null;

  @TimeProperty()
  created_at!: string;

  @TimeProperty()
  updated_at!: string;

  @VersionProperty()
  version!: number;
}

export class SignInResponse implements SignInResource {
  @IdProperty('sgn')
  id!: string;

  @IdProperty('usr')
  user_id!: string;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  user_agent!: string | null;

  @ApiProperty({ description: 'How the user signed in, as the host application names it.', example: 'password' })
  method!: string;

  @ApiProperty({ example: true })
  success!: boolean;

  @TimeProperty()
  occurred_at!: string;
}
