import { IsString } from 'class-validator';

/** `POST /v1/api-keys/verify`: any string is verified (a bad one is a `valid: false` answer, not a 400). */
export class VerifyApiKeyDto {
  @IsString()
  key!: string;
}
