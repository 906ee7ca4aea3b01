import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `POST /v1/workspaces/{id}/invitations`: the address to invite and the role of the membership. */
export class InviteToWorkspaceDto {
  @ApiProperty({ description: 'A new address becomes a user of the organization on acceptance.', example: 'alex@company.io' })
  @IsString()
  @IsEmail({}, { message: 'email must be a valid address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ description: 'The role of the membership: a system role name or a custom role id.', example: 'editor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role!: string;
}
