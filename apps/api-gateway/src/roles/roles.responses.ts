import { ApiProperty } from '@nestjs/swagger';
import type { RoleResource } from '@steward/contracts';
import { TimeProperty, VersionProperty } from '../http/responses';

export class RoleResponse implements RoleResource {
  @ApiProperty({ description: 'A system role\'s name (`owner`, `admin`, `editor`, `viewer`) or a custom role\'s `role_…` id.', example: 'role_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  id!: string;

  @ApiProperty({ example: 'Support agent' })
  name!: string;

  @ApiProperty({ example: 'Reads users and their sign-ins' })
  description!: string;

  @ApiProperty({ type: [String], description: 'Scope names.', example: ['users:read'] })
  permissions!: string[];

  @ApiProperty({ description: 'System roles are fixed: they cannot be changed or deleted.', example: false })
  system!: boolean;

  @TimeProperty('Null for system roles.', { nullable: true })
  created_at!: string | null;

  @VersionProperty({ required: false, description: 'Custom roles only: the stream version, whose quoted form is the `ETag` (for `If-Match`).' })
  version?: number;
}
