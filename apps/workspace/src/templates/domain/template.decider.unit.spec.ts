import { TEMPLATE_CONTENT_MAX_BYTES, type TemplateEvent } from '@steward/contracts';
import { fixedContext, given } from '@steward/testing';
import { templateDecider, type TemplateCommand } from './template.decider';

/** The 400 detail a refused command carries. */
function refusal(history: TemplateEvent[], command: TemplateCommand) {
  try {
    templateDecider.decide(command, history.reduce(templateDecider.evolve, templateDecider.initialState()), fixedContext());
  } catch (error) {
    return error as { code: string; details?: { field: string; issue: string }[] };
  }
  throw new Error('the command was not refused');
}

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('Template aggregate', () => {
  const content = { steps: [{ type: 'http', url: 'https://example.test' }], retries: 3 };
  const create: Extract<TemplateCommand, { type: 'CreateTemplate' }> = {
    type: 'CreateTemplate',
    templateId: 'tpl_1',
    workspaceId: 'ws_1',
    workspaceExists: true,
    name: 'Webhook',
    description: 'Posts to a URL',
    content,
  };
  const created: TemplateEvent = {
    type: 'template.created',
    data: { template_id: 'tpl_1', workspace_id: 'ws_1', name: 'Webhook', description: 'Posts to a URL', content },
  };
  const deleted: TemplateEvent = { type: 'template.deleted', data: { template_id: 'tpl_1', workspace_id: 'ws_1', name: 'Webhook' } };

  describe('CreateTemplate', () => {
    it('creates a template in the workspace, with trimmed name and description and the content as given', () => {
      given(templateDecider, []).when({ ...create, name: '  Webhook ', description: ' Posts to a URL  ' }).then([created]);
    });

    it('defaults the description to empty', () => {
      given(templateDecider, [])
        .when({ ...create, description: undefined })
        .then([{ type: 'template.created', data: { ...created.data, description: '' } } as TemplateEvent]);
    });

    it('accepts the limits exactly: a 200-character name, a 2000-character description, 256 KiB of content, an empty object', () => {
      const big = { s: 'x'.repeat(TEMPLATE_CONTENT_MAX_BYTES - '{"s":""}'.length) };
      given(templateDecider, [])
        .when({ ...create, name: 'n'.repeat(200), description: 'd'.repeat(2000), content: big })
        .thenState((s) => expect(s).toMatchObject({ status: 'active', content: big }));
      given(templateDecider, []).when({ ...create, content: {} }).thenState((s) => expect(s).toMatchObject({ content: {} }));
    });

    it.each([
      ['an empty name', { name: '   ' }, 'name', 'length'],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name', 'length'],
      ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'description', 'length'],
      ['an array as content', { content: [{ a: 1 }] }, 'content', 'not_object'],
      ['null as content', { content: null }, 'content', 'not_object'],
      ['a string as content', { content: '{"a":1}' }, 'content', 'not_object'],
      ['a number as content', { content: 7 }, 'content', 'not_object'],
      ['no content', { content: undefined }, 'content', 'not_object'],
      ['content over 256 KiB', { content: { s: 'x'.repeat(TEMPLATE_CONTENT_MAX_BYTES) } }, 'content', 'too_large'],
      ['content nested deeper than 64 levels', { content: nested(65) }, 'content', 'too_deep'],
      ['content nested 100,000 levels', { content: nested(100_000) }, 'content', 'too_deep'],
      ['a workspace that is not in the organization', { workspaceExists: false }, 'workspace_id', 'unknown'],
    ])('refuses %s (400 on that field)', (_label, override, field, issue) => {
      given(templateDecider, []).when({ ...create, ...override }).thenFails('invalid_request');
      expect(refusal([], { ...create, ...override } as TemplateCommand).details).toEqual([{ field, issue }]);
    });

    it('refuses to create the same template twice, even after a delete', () => {
      given(templateDecider, [created]).when(create).thenFails('conflict');
      given(templateDecider, [created, deleted]).when(create).thenFails('conflict');
    });
  });

  describe('UpdateTemplate', () => {
    const update = { type: 'UpdateTemplate' as const };

    it('records only the fields that changed, before and after', () => {
      const next = { steps: [], retries: 5 };
      given(templateDecider, [created])
        .when({ ...update, name: 'Webhook', description: 'Calls an API', content: next })
        .then([
          {
            type: 'template.updated',
            data: {
              template_id: 'tpl_1',
              workspace_id: 'ws_1',
              changes: { description: { from: 'Posts to a URL', to: 'Calls an API' }, content: { from: content, to: next } },
            },
          },
        ]);
    });

    it('emits nothing when nothing changes: same values, content in another key order, or no fields', () => {
      given(templateDecider, [created])
        .when({ ...update, name: ' Webhook ', description: 'Posts to a URL', content: { retries: 3, steps: [{ url: 'https://example.test', type: 'http' }] } })
        .then([]);
      given(templateDecider, [created]).when(update).then([]);
      given(templateDecider, [created]).when({ ...update, workspaceId: 'ws_1' }).then([]);
    });

    it('treats another array order, or another value type, as a change of content', () => {
      const twoSteps = { steps: [1, 2] };
      const withTwoSteps: TemplateEvent = {
        type: 'template.updated',
        data: { template_id: 'tpl_1', workspace_id: 'ws_1', changes: { content: { from: content, to: twoSteps } } },
      };
      given(templateDecider, [created, withTwoSteps]).when({ ...update, content: { steps: [2, 1] } }).thenState((s) => {
        expect(s).toMatchObject({ content: { steps: [2, 1] } });
      });
      given(templateDecider, [created, withTwoSteps]).when({ ...update, content: { steps: ['1', '2'] } }).thenState((s) => {
        expect(s).toMatchObject({ content: { steps: ['1', '2'] } });
      });
    });

    it('moves the template to another workspace of the organization; the event names the new one', () => {
      given(templateDecider, [created])
        .when({ ...update, workspaceId: 'ws_2', workspaceExists: true })
        .then([
          {
            type: 'template.updated',
            data: { template_id: 'tpl_1', workspace_id: 'ws_2', changes: { workspace_id: { from: 'ws_1', to: 'ws_2' } } },
          },
        ]);
    });

    it('refuses to move it to a workspace that is not in the organization (400 workspace_id)', () => {
      given(templateDecider, [created]).when({ ...update, workspaceId: 'ws_x', workspaceExists: false }).thenFails('invalid_request');
      given(templateDecider, [created]).when({ ...update, workspaceId: 'ws_x' }).thenFails('invalid_request');
      expect(refusal([created], { ...update, workspaceId: 'ws_x', workspaceExists: false }).details).toEqual([{ field: 'workspace_id', issue: 'unknown' }]);
    });

    it('folds the changes into the state', () => {
      const renamed: TemplateEvent = {
        type: 'template.updated',
        data: { template_id: 'tpl_1', workspace_id: 'ws_2', changes: { name: { from: 'Webhook', to: 'Hook' }, workspace_id: { from: 'ws_1', to: 'ws_2' } } },
      };
      given(templateDecider, [created, renamed]).when({ ...update, description: '' }).thenState((s) => {
        expect(s).toEqual({ status: 'active', id: 'tpl_1', workspaceId: 'ws_2', name: 'Hook', description: '', content });
      });
    });

    it.each([
      ['an empty name', { name: '' }, 'name'],
      ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'description'],
      ['an array as content', { content: [] }, 'content'],
      ['null as content', { content: null }, 'content'],
      ['content over 256 KiB', { content: { s: 'x'.repeat(TEMPLATE_CONTENT_MAX_BYTES) } }, 'content'],
      ['too deep content', { content: nested(65) }, 'content'],
    ])('applies the creation rules to new values: %s', (_label, override, field) => {
      given(templateDecider, [created]).when({ ...update, ...override }).thenFails('invalid_request');
      expect(refusal([created], { ...update, ...override }).details).toEqual([expect.objectContaining({ field })]);
    });

    it('does not find a template that does not exist or was deleted', () => {
      given(templateDecider, []).when({ ...update, name: 'X' }).thenFails('not_found');
      given(templateDecider, [created, deleted]).when({ ...update, name: 'X' }).thenFails('not_found');
    });
  });

  describe('DeleteTemplate', () => {
    it('deletes the template', () => {
      given(templateDecider, [created]).when({ type: 'DeleteTemplate' }).then([deleted]);
    });

    it('records the workspace it was in at the time', () => {
      const moved: TemplateEvent = {
        type: 'template.updated',
        data: { template_id: 'tpl_1', workspace_id: 'ws_2', changes: { workspace_id: { from: 'ws_1', to: 'ws_2' } } },
      };
      given(templateDecider, [created, moved])
        .when({ type: 'DeleteTemplate' })
        .then([{ type: 'template.deleted', data: { template_id: 'tpl_1', workspace_id: 'ws_2', name: 'Webhook' } }]);
    });

    it('does not delete what does not exist, nor twice', () => {
      given(templateDecider, []).when({ type: 'DeleteTemplate' }).thenFails('not_found');
      given(templateDecider, [created, deleted]).when({ type: 'DeleteTemplate' }).thenFails('not_found');
    });
  });

  describe('DeleteTemplateWithWorkspace (its workspace was deleted)', () => {
    it('deletes a template of that workspace', () => {
      given(templateDecider, [created]).when({ type: 'DeleteTemplateWithWorkspace', workspaceId: 'ws_1' }).then([deleted]);
    });

    it('leaves a template that moved to another workspace meanwhile', () => {
      const moved: TemplateEvent = {
        type: 'template.updated',
        data: { template_id: 'tpl_1', workspace_id: 'ws_2', changes: { workspace_id: { from: 'ws_1', to: 'ws_2' } } },
      };
      given(templateDecider, [created, moved]).when({ type: 'DeleteTemplateWithWorkspace', workspaceId: 'ws_1' }).then([]);
    });

    it('does nothing for a template already deleted, or never created (a redelivered event)', () => {
      given(templateDecider, [created, deleted]).when({ type: 'DeleteTemplateWithWorkspace', workspaceId: 'ws_1' }).then([]);
      given(templateDecider, []).when({ type: 'DeleteTemplateWithWorkspace', workspaceId: 'ws_1' }).then([]);
    });
  });
});
