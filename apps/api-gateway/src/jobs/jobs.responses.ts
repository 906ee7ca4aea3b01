import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATES, JOB_TYPES, type JobResource, type JobState, type JobStats, type JobTypeStats } from '@steward/contracts';
import { IdProperty, TimeProperty } from '../http/responses';

export class JobResponse implements JobResource {
  @IdProperty('job')
  id!: string;

  @ApiProperty({ description: `What the job does (${JOB_TYPES.join(', ')}).`, example: 'email.invitation' })
  type!: string;

  @ApiProperty({ enum: JOB_STATES, description: '`queued`/`retry`: due work; `done` and `dead` are final.', example: 'done' })
  state!: JobState;

  @ApiProperty({ type: 'integer', example: 1 })
  attempts!: number;

  @ApiProperty({ type: 'integer', description: 'Attempts before the job is `dead`.', example: 8 })
  max_attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: 'connect ECONNREFUSED 127.0.0.1:1025' })
  last_error!: string | null;

  @TimeProperty('When it is due (while running: the end of its lease).')
  run_at!: string;

  @TimeProperty()
  created_at!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Non-secret fields of the payload (never a token).', example: { to: 'alex@company.io' } })
  payload_summary!: Record<string, unknown>;
}

export class JobStateCountsResponse implements Record<JobState, number> {
  @ApiProperty({ type: 'integer', example: 0 })
  queued!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  retry!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  dead!: number;

  @ApiProperty({ type: 'integer', example: 41 })
  done!: number;
}

export class JobTypeStatsResponse implements JobTypeStats {
  @ApiProperty({ example: 'email.invitation' })
  type!: string;

  @ApiProperty({ type: JobStateCountsResponse })
  counts!: JobStateCountsResponse;

  @ApiProperty({ type: 'integer', example: 42 })
  total!: number;
}

export class JobStatsResponse implements JobStats {
  @ApiProperty({ type: [JobTypeStatsResponse], description: 'One row per job type (every known type, zeros included).' })
  data!: JobTypeStatsResponse[];
}
