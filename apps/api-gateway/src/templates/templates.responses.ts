import { ApiProperty } from '@nestjs/swagger';
import type { TemplateResource } from '@steward/contracts';
import { IdProperty, TimeProperty, VersionProperty } from '../http/responses';

export class TemplateResponse implements TemplateResource {
  @IdProperty('tpl')
  id!: string;

  @ApiProperty({ example: 'Welcome email' })
  name!: string;

  @ApiProperty({ example: 'Sent to new members' })
  description!: string;

  @IdProperty('ws', 'The workspace that owns the template.')
  workspace_id!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Any JSON object, returned exactly as sent (key order included).', example: { subject: 'Welcome', blocks: [] } })
  content!: Record<string, unknown>;

  @VersionProperty()
  version!: number;

  @TimeProperty()
  created_at!: string;

  @TimeProperty()
  updated_at!: string;
}
