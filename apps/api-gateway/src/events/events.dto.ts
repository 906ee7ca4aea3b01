import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LimitQueryDto } from '../http/pagination.dto';
import { OptionalNotNull } from '../http/validation';

/**
 * `GET /v1/events?type=&after=&limit=`. The feed continues by `after=<event id>` (API.md), not by
 * `cursor`: `meta.next_cursor` is that event id. What `type` and `after` may name is checked by
 * the controller (it needs the event registry and the id format).
 */
export class ListEventsQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({ description: 'An event type (`user.created`) or every type of a resource (`user.*`); see `/asyncapi.json`.', example: 'user.*' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ description: 'The id of the last event already read (the previous page\'s `meta.next_cursor`): the page starts after it.', example: 'evt_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  after?: string;
}
