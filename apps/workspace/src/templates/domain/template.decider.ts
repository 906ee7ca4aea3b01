import {
  canonicalJson,
  DomainError,
  notFound,
  TEMPLATE_CONTENT_ISSUE_MESSAGES,
  TEMPLATE_DESCRIPTION_MAX,
  TEMPLATE_NAME_MAX,
  templateContentIssue,
  type Changes,
  type TemplateEvent,
} from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/**
 * A private template: a named JSON object kept in one workspace of the organization. Whether a
 * workspace exists (in the caller's organization) is a fact the handler looks up in the
 * `workspaces` read table and passes in; the templates projection checks it again, under a row
 * lock, in the append transaction (so a workspace deleted meanwhile cannot gain a template).
 */
interface TemplateFields {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  content: Record<string, unknown>;
}

export type TemplateState = { status: 'none' } | ({ status: 'active' } & TemplateFields) | ({ status: 'deleted' } & TemplateFields);

type ActiveTemplate = Extract<TemplateState, { status: 'active' }>;

export type TemplateCommand =
  | {
      type: 'CreateTemplate';
      templateId: string;
      workspaceId: string;
      /** The workspace exists in the caller's organization (looked up by the handler). */
      workspaceExists: boolean;
      name: string;
      description?: string;
      content: unknown;
    }
  | {
      /** PATCH: only the given fields. A new `workspaceId` moves the template there. */
      type: 'UpdateTemplate';
      name?: string;
      description?: string;
      content?: unknown;
      workspaceId?: string;
      /** Looked up by the handler when `workspaceId` names another workspace. */
      workspaceExists?: boolean;
    }
  | { type: 'DeleteTemplate' }
  /** Reaction to `workspace.deleted`: removes the template if it is (still) in that workspace. */
  | { type: 'DeleteTemplateWithWorkspace'; workspaceId: string };

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

function validName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > TEMPLATE_NAME_MAX) throw invalid('name', 'length', `name must be 1 to ${TEMPLATE_NAME_MAX} characters`);
  return name;
}

function validDescription(raw: string | undefined): string {
  const description = (raw ?? '').trim();
  if (description.length > TEMPLATE_DESCRIPTION_MAX) {
    throw invalid('description', 'length', `description must be at most ${TEMPLATE_DESCRIPTION_MAX} characters`);
  }
  return description;
}

function validContent(content: unknown): Record<string, unknown> {
  const issue = templateContentIssue(content);
  if (issue) throw invalid('content', issue, TEMPLATE_CONTENT_ISSUE_MESSAGES[issue]);
  return content as Record<string, unknown>;
}

function validWorkspace(workspaceId: string, exists: boolean | undefined): string {
  if (!exists) throw invalid('workspace_id', 'unknown', 'workspace_id must name a workspace of the organization');
  return workspaceId;
}

function active(state: TemplateState): ActiveTemplate {
  if (state.status !== 'active') throw notFound('template');
  return state;
}

function decideUpdate(command: Extract<TemplateCommand, { type: 'UpdateTemplate' }>, template: ActiveTemplate): TemplateEvent[] {
  const changes: Changes = {};
  if (command.name !== undefined) {
    const name = validName(command.name);
    if (name !== template.name) changes.name = { from: template.name, to: name };
  }
  if (command.description !== undefined) {
    const description = validDescription(command.description);
    if (description !== template.description) changes.description = { from: template.description, to: description };
  }
  if (command.content !== undefined) {
    const content = validContent(command.content);
    // Key order is not a change: objects are compared as canonical JSON.
    if (canonicalJson(content) !== canonicalJson(template.content)) changes.content = { from: template.content, to: content };
  }
  if (command.workspaceId !== undefined && command.workspaceId !== template.workspaceId) {
    changes.workspace_id = { from: template.workspaceId, to: validWorkspace(command.workspaceId, command.workspaceExists) };
  }
  if (Object.keys(changes).length === 0) return [];
  // `workspace_id` is where the template is after the change (a move records the old one in `changes`).
  return [{ type: 'template.updated', data: { template_id: template.id, workspace_id: command.workspaceId ?? template.workspaceId, changes } }];
}

export const templateDecider: Decider<TemplateState, TemplateCommand, TemplateEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'template.created':
        return {
          status: 'active',
          id: event.data.template_id,
          workspaceId: event.data.workspace_id,
          name: event.data.name,
          description: event.data.description,
          content: event.data.content,
        };
      case 'template.updated': {
        if (state.status === 'none') return state;
        const c = event.data.changes;
        return {
          ...state,
          workspaceId: event.data.workspace_id,
          name: c.name ? (c.name.to as string) : state.name,
          description: c.description ? (c.description.to as string) : state.description,
          content: c.content ? (c.content.to as Record<string, unknown>) : state.content,
        };
      }
      case 'template.deleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled template event ${String((unknown as TemplateEvent).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateTemplate': {
        if (state.status !== 'none') throw new DomainError('conflict', 'template already exists');
        return [
          {
            type: 'template.created',
            data: {
              template_id: command.templateId,
              workspace_id: validWorkspace(command.workspaceId, command.workspaceExists),
              name: validName(command.name),
              description: validDescription(command.description),
              content: validContent(command.content),
            },
          },
        ];
      }
      case 'UpdateTemplate':
        return decideUpdate(command, active(state));
      case 'DeleteTemplate': {
        const template = active(state);
        return [{ type: 'template.deleted', data: { template_id: template.id, workspace_id: template.workspaceId, name: template.name } }];
      }
      case 'DeleteTemplateWithWorkspace': {
        // Already gone, or moved to another workspace before this one was deleted: nothing to do.
        if (state.status !== 'active' || state.workspaceId !== command.workspaceId) return [];
        return [{ type: 'template.deleted', data: { template_id: state.id, workspace_id: state.workspaceId, name: state.name } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled template command ${String((unknown as TemplateCommand).type)}`);
      }
    }
  },
};
