import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LimitQueryDto } from '../http/pagination.dto';

/**
 * `GET /v1/events?type=&after=&limit=`. The feed continues by `after=<event id>` (API.md), not by
 * `cursor`: `meta.next_cursor` is that event id. What `type` and `after` may name is checked by
 * the controller (it needs the event registry and the id format).
 */
export class ListEventsQueryDto extends LimitQueryDto {
  /** An event type (`user.created`) or every type of a resource (`user.*`). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  /** The id of the last event already read: the page starts after it. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}
