import { ApiProperty } from '@nestjs/swagger';
import type { AuditChainVerification, AuditEntryResource, FieldChange } from '@steward/contracts';
import { ActorResponse, exampleId, IdProperty, TimeProperty } from '../http/responses';

export class AuditTargetResponse {
  @ApiProperty({ description: 'What kind of resource changed.', example: 'user' })
  type!: string;

  @ApiProperty({ example: exampleId('usr') })
  id!: string;
}

export class AuditEntryResponse implements AuditEntryResource {
  @IdProperty('aud')
  id!: string;

  @ApiProperty({ description: 'What was done (`<resource>.<verb>`).', example: 'user.update' })
  action!: string;

  @ApiProperty({ type: ActorResponse })
  actor!: ActorResponse;

  @ApiProperty({ type: AuditTargetResponse })
  target!: AuditTargetResponse;

  @IdProperty('ws', undefined, { nullable: true })
  workspace_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The API request that made the change.', example: exampleId('req') })
  request_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'curl/8.5.0' })
  user_agent!: string | null;

  @ApiProperty({
    type: 'object',
    // `from`/`to` are any JSON value: a raw schema (a class property would be typed `object`).
    additionalProperties: {
      type: 'object',
      properties: { from: { description: 'The value before (null when created).' }, to: { description: 'The value after (null when deleted).' } },
      required: ['from', 'to'],
    },
    description: 'Each changed field, before and after.',
    example: { role: { from: 'viewer', to: 'editor' } },
  })
  changes!: Record<string, FieldChange>;

  @TimeProperty()
  occurred_at!: string;

  @IdProperty('evt', 'The event this entry records (one entry per event).')
  event_id!: string;
}

export class AuditChainVerificationResponse implements AuditChainVerification {
  @ApiProperty({ description: "Whether every entry's hash matches its content and its predecessor.", example: true })
  valid!: boolean;

  @ApiProperty({ type: 'integer', example: 1024 })
  entries_checked!: number;

  @IdProperty('aud', 'The first entry that does not match; null when valid.', { nullable: true })
  first_broken_id!: string | null;
}
