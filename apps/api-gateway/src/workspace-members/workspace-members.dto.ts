import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `POST /v1/workspaces/{id}/invitations`: the address to invite and the role of the membership. */
export class InviteToWorkspaceDto {
  @IsString()
  @IsEmail({}, { message: 'email must be a valid address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role!: string;
}
