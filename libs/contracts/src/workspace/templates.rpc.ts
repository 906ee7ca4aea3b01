import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page, StreamEventResource } from '../core/pagination';

/**
 * Private template as API.md shows it. `content` is a JSON object, returned as it was sent (key
 * order included); `version` is the stream version (the ETag).
 */
export interface TemplateResource {
  id: string;
  name: string;
  description: string;
  workspace_id: string;
  content: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
const Id = Type.String({ minLength: 1, maxLength: 100 });
// Transport bounds only (they keep every message well under Kafka's 1 MiB); the Template
// aggregate owns the real rules: name 1..200, description ≤ 2000, content an object ≤ 256 KiB.
const Name = Type.String({ maxLength: 1000 });
const Description = Type.String({ maxLength: 10000 });
const Content = Type.Unknown();

export const TemplatesRpc = {
  /** Newest first; `workspace_id` narrows to one workspace. */
  ListTemplates: defineRpc<Page<TemplateResource>>()(
    'workspace',
    'templates.list',
    Type.Object({ limit: Limit, cursor: Type.Optional(Type.String()), workspace_id: Type.Optional(Id) }, { additionalProperties: false }),
  ),
  GetTemplate: defineRpc<TemplateResource>()('workspace', 'templates.get', Type.Object({ id: Id }, { additionalProperties: false })),
  CreateTemplate: defineRpc<TemplateResource>()(
    'workspace',
    'templates.create',
    Type.Object(
      { workspace_id: Id, name: Name, description: Type.Optional(Description), content: Content },
      { additionalProperties: false },
    ),
  ),
  /** PATCH: any of name, description, content, and `workspace_id` (moves it to another workspace of the organization). */
  UpdateTemplate: defineRpc<TemplateResource>()(
    'workspace',
    'templates.update',
    Type.Object(
      {
        id: Id,
        expected_version: ExpectedVersion,
        name: Type.Optional(Name),
        description: Type.Optional(Description),
        content: Type.Optional(Content),
        workspace_id: Type.Optional(Id),
      },
      { additionalProperties: false },
    ),
  ),
  DeleteTemplate: defineRpc<null>()(
    'workspace',
    'templates.delete',
    Type.Object({ id: Id, expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
  GetTemplateHistory: defineRpc<Page<StreamEventResource>>()(
    'workspace',
    'templates.history',
    Type.Object({ id: Id, limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
} as const;
