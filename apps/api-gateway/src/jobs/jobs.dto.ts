import { IsIn, IsOptional } from 'class-validator';
import { BULK_DELETABLE_JOB_STATES, JOB_STATES, JOB_TYPES, type BulkDeletableJobState, type JobState, type JobType } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';

const TYPE_MESSAGE = `type must be one of ${JOB_TYPES.join(', ')}`;

export class ListJobsQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsIn(JOB_STATES as unknown as string[], { message: `state must be one of ${JOB_STATES.join(', ')}` })
  state?: JobState;

  @IsOptional()
  @IsIn(JOB_TYPES as unknown as string[], { message: TYPE_MESSAGE })
  type?: JobType;
}

/** `DELETE /v1/jobs?state=…[&type=…]`: the state is required, so no call empties everything by accident. */
export class DeleteJobsQueryDto {
  @IsIn(BULK_DELETABLE_JOB_STATES as unknown as string[], { message: `state must be one of ${BULK_DELETABLE_JOB_STATES.join(', ')}` })
  state!: BulkDeletableJobState;

  @IsOptional()
  @IsIn(JOB_TYPES as unknown as string[], { message: TYPE_MESSAGE })
  type?: JobType;
}
