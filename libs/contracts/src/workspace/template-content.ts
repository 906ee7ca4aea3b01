import { isJsonObject, jsonBytes, jsonDepth } from '../core/json';

/** Limits of a private template (API.md "Private templates"); the Template aggregate owns them. */
export const TEMPLATE_NAME_MAX = 200;
export const TEMPLATE_DESCRIPTION_MAX = 2000;
/** `content` as compact JSON, in UTF-8 bytes. */
export const TEMPLATE_CONTENT_MAX_BYTES = 256 * 1024;
/** Objects and arrays nested in `content`, the content object itself included. */
export const TEMPLATE_CONTENT_MAX_DEPTH = 64;

/** Why `content` is not acceptable (the `issue` of its 400 detail), or undefined when it is. */
export type TemplateContentIssue = 'not_object' | 'too_deep' | 'too_large';

/**
 * The one content rule, used by the aggregate (where it is enforced) and by the gateway (which
 * refuses early, before a large body travels over Kafka): a JSON object (not an array, null or a
 * scalar), nested at most 64 levels, at most 256 KiB as compact JSON. Depth is checked first, so
 * measuring the size never recurses into an absurdly deep value.
 */
export function templateContentIssue(content: unknown): TemplateContentIssue | undefined {
  if (!isJsonObject(content)) return 'not_object';
  if (jsonDepth(content, TEMPLATE_CONTENT_MAX_DEPTH) > TEMPLATE_CONTENT_MAX_DEPTH) return 'too_deep';
  if (jsonBytes(content) > TEMPLATE_CONTENT_MAX_BYTES) return 'too_large';
  return undefined;
}

export const TEMPLATE_CONTENT_ISSUE_MESSAGES: Record<TemplateContentIssue, string> = {
  not_object: 'content must be a JSON object',
  too_deep: `content must not nest objects and arrays more than ${TEMPLATE_CONTENT_MAX_DEPTH} levels deep`,
  too_large: `content must be at most ${TEMPLATE_CONTENT_MAX_BYTES / 1024} KiB as JSON`,
};
