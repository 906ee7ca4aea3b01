import { Injectable, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { DomainError, isJsonObject, TEMPLATE_CONTENT_ISSUE_MESSAGES, templateContentIssue, type ErrorDetail } from '@steward/contracts';
import { PaginationQueryDto } from '../http/pagination.dto';
import { OptionalNotNull, stewardValidationPipe } from '../http/validation';

// Shapes only: the Template aggregate owns the rules (name 1..200, description ≤ 2000, a known
// workspace, content a JSON object ≤ 256 KiB nested ≤ 64 levels). The length bounds below only
// keep the RPC message small; the content rule is applied here too (the same function) so that
// an oversized content is refused before it travels over Kafka.

const present = (_: object, value: unknown) => value !== undefined;

/** The fields of `POST /v1/templates` besides `content` (see TemplateBodyPipe). */
export class CreateTemplateFieldsDto {
  @ApiProperty({ description: '1 to 200 characters.', example: 'Welcome email' })
  @IsString()
  @MaxLength(1000)
  name!: string;

  @ApiPropertyOptional({ description: 'Up to 2,000 characters.', example: 'Sent to new members' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({ description: 'The workspace that owns the template.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id!: string;
}

/** The fields of `PATCH /v1/templates/{id}` besides `content` (which replaces the whole content, no merge). */
export class UpdateTemplateFieldsDto {
  @ApiPropertyOptional({ description: '1 to 200 characters.', example: 'Welcome email (v2)' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1000)
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Up to 2,000 characters; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Another workspace of the organization moves the template there.', example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}

export type CreateTemplateBody = CreateTemplateFieldsDto & { content: Record<string, unknown> };
export type UpdateTemplateBody = UpdateTemplateFieldsDto & { content?: Record<string, unknown> };

const CONTENT_DESCRIPTION = 'Any JSON object (at most 256 KiB, nested at most 64 levels), stored and returned exactly as sent.';

/** The documented body of `POST /v1/templates` (validated by TemplateBodyPipe, not the global pipe). */
export class CreateTemplateBodySchema extends CreateTemplateFieldsDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: CONTENT_DESCRIPTION, example: { subject: 'Welcome', blocks: [] } })
  content!: Record<string, unknown>;
}

/** The documented body of `PATCH /v1/templates/{id}`: `content` replaces the whole content (no merge). */
export class UpdateTemplateBodySchema extends UpdateTemplateFieldsDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `${CONTENT_DESCRIPTION} Replaces the whole content.` })
  content?: Record<string, unknown>;
}

/**
 * Validates a template body with `content` kept out of the validation pipe: the pipe would walk
 * it (class-transformer copies it level by level) and strip keys such as `constructor` and
 * `prototype` at any depth (Nest's prototype-pollution guard), so a template would not come back
 * as it was sent. The other fields go through the usual pipe (unknown fields refused); `content`
 * is checked as a whole by the content rule and passed on untouched. Bind it to a `@Body()` whose
 * declared type is not a class (`CreateTemplateBody`), so the global pipe leaves the body alone.
 */
@Injectable()
export class TemplateBodyPipe implements PipeTransform<unknown, Promise<object>> {
  private readonly validation = stewardValidationPipe();

  constructor(
    private readonly fields: Type<object>,
    private readonly contentRequired: boolean,
  ) {}

  async transform(body: unknown, metadata: ArgumentMetadata): Promise<object> {
    const asFields: ArgumentMetadata = { ...metadata, metatype: this.fields };
    if (!isJsonObject(body)) return (await this.validation.transform(body, asFields)) as object;
    const { content, ...fields } = body;
    const details: ErrorDetail[] = [];
    let message: string | undefined;
    let dto: object = {};
    try {
      dto = (await this.validation.transform(fields, asFields)) as object;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      message = error.message;
      details.push(...(error.details ?? []));
    }
    const hasContent = content !== undefined;
    const issue = hasContent || this.contentRequired ? templateContentIssue(content) : undefined;
    if (issue) {
      message ??= TEMPLATE_CONTENT_ISSUE_MESSAGES[issue];
      details.push({ field: 'content', issue });
    }
    if (details.length) throw new DomainError('invalid_request', message ?? 'invalid request', details);
    return hasContent ? { ...dto, content } : dto;
  }
}

export class ListTemplatesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Only this workspace's templates.", example: 'ws_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  workspace_id?: string;
}
