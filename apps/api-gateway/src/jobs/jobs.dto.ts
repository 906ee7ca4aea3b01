import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { BULK_DELETABLE_JOB_STATES, JOB_STATES, JOB_TYPES, type BulkDeletableJobState, type JobState, type JobType } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

const TYPE_MESSAGE = `type must be one of ${JOB_TYPES.join(', ')}`;

export class ListJobsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only jobs in this state.' })
  @OptionalNotNull()
  @IsIn(JOB_STATES as unknown as string[], { message: `state must be one of ${JOB_STATES.join(', ')}` })
  state?: JobState;

  @ApiPropertyOptional({ description: 'Only jobs of this type.' })
  @OptionalNotNull()
  @IsIn(JOB_TYPES as unknown as string[], { message: TYPE_MESSAGE })
  type?: JobType;
}

/** `DELETE /v1/jobs?state=…[&type=…]`: the state is required, so no call empties everything by accident. */
export class DeleteJobsQueryDto {
  @ApiProperty({ description: 'The state to empty (required, so no call deletes everything by accident).', example: 'dead' })
  @IsIn(BULK_DELETABLE_JOB_STATES as unknown as string[], { message: `state must be one of ${BULK_DELETABLE_JOB_STATES.join(', ')}` })
  state!: BulkDeletableJobState;

  @ApiPropertyOptional({ description: 'Only jobs of this type.' })
  @OptionalNotNull()
  @IsIn(JOB_TYPES as unknown as string[], { message: TYPE_MESSAGE })
  type?: JobType;
}
