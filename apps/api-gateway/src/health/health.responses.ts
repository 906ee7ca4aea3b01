import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { HealthCheckResult, HealthCheckStatus, HealthIndicatorResult } from '@nestjs/terminus';

/** Each check by name: `{status: "up" | "down", …what the check adds}`. */
const indicators = (options: { selfRequired?: boolean; description: string; example: object }): ApiPropertyOptions => ({
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
  properties: {},
  ...options,
});

/** A Terminus health check result, as `GET /health/live` and `GET /health/ready` answer it (200 or 503). */
export class HealthCheckResponse implements HealthCheckResult {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: '`ok` with 200; otherwise 503.', example: 'ok' })
  status!: HealthCheckStatus;

  @ApiProperty(indicators({ selfRequired: false, description: 'The checks that are up.', example: { kafka: { status: 'up' }, identity: { status: 'up', response_ms: 4 } } }))
  info?: HealthIndicatorResult;

  @ApiProperty(indicators({ selfRequired: false, description: 'The checks that are down.', example: {} }))
  error?: HealthIndicatorResult;

  @ApiProperty(indicators({ description: 'Every check.', example: { kafka: { status: 'up' }, identity: { status: 'up', response_ms: 4 } } }))
  details!: HealthIndicatorResult;
}
