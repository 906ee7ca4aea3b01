import { given } from '@steward/testing';
import { slugFromName, workspaceDecider, type WorkspaceCommand, type WorkspaceTreeEvent } from './workspace.decider';

const created = (id: string, name: string, slug: string, parentId: string | null = null): WorkspaceTreeEvent => ({
  type: 'workspace.created',
  data: { workspace_id: id, name, slug, parent_id: parentId },
});

const create = (overrides: Partial<Extract<WorkspaceCommand, { type: 'CreateWorkspace' }>> = {}): WorkspaceCommand => ({
  type: 'CreateWorkspace',
  workspaceId: 'ws_eng',
  name: 'Engineering',
  parentId: null,
  parentExists: false,
  ...overrides,
});

const move = (parentId: string | null, facts: { parentExists?: boolean; parentInSubtree?: boolean } = {}): WorkspaceCommand => ({
  type: 'MoveWorkspace',
  parentId,
  parentExists: facts.parentExists ?? true,
  parentInSubtree: facts.parentInSubtree ?? false,
});

/** "Platform" (ws_platform) under "Engineering" (ws_eng). */
const platform = [created('ws_platform', 'Platform', 'platform', 'ws_eng')];

describe('workspace decider', () => {
  describe('CreateWorkspace', () => {
    it('creates a top-level workspace with a slug generated from the trimmed name', () => {
      given(workspaceDecider, [])
        .when(create({ name: '  Engineering  ' }))
        .then([created('ws_eng', 'Engineering', 'engineering')]);
    });

    it('creates a workspace under an existing parent with the given slug', () => {
      given(workspaceDecider, [])
        .when(create({ workspaceId: 'ws_platform', name: 'Platform Team', slug: 'platform', parentId: 'ws_eng', parentExists: true }))
        .then([created('ws_platform', 'Platform Team', 'platform', 'ws_eng')]);
    });

    it('refuses an unknown parent (another organization\'s included): 400 on parent_id', () => {
      given(workspaceDecider, []).when(create({ parentId: 'ws_elsewhere', parentExists: false })).thenFails('invalid_request');
    });

    it.each([
      ['an empty name', { name: '   ' }],
      ['a name over 200 characters', { name: 'x'.repeat(201) }],
      ['an uppercase slug', { slug: 'Eng' }],
      ['a slug with a leading hyphen', { slug: '-eng' }],
      ['a slug with a double hyphen', { slug: 'eng--ops' }],
      ['a slug with a trailing hyphen', { slug: 'eng-' }],
      ['a slug with an underscore', { slug: 'eng_ops' }],
      ['an empty slug', { slug: '' }],
      ['a slug over 63 characters', { slug: 'a'.repeat(64) }],
    ])('refuses %s: 400', (_label, overrides) => {
      given(workspaceDecider, []).when(create(overrides)).thenFails('invalid_request');
    });

    it('accepts a slug of exactly 63 characters', () => {
      const slug = `${'a'.repeat(31)}-${'b'.repeat(31)}`;
      given(workspaceDecider, [])
        .when(create({ slug }))
        .then([created('ws_eng', 'Engineering', slug)]);
    });
  });

  describe('slugFromName', () => {
    it.each([
      ['Engineering', 'engineering'],
      ['  Platform & Infra  ', 'platform-infra'],
      ['R&D / Europe 2026', 'r-d-europe-2026'],
      ['Café Crème', 'cafe-creme'],
      ['---', 'workspace'],
      ['東京', 'workspace'],
      ['already-a-slug', 'already-a-slug'],
    ])('%j → %j', (name, slug) => {
      expect(slugFromName(name)).toBe(slug);
    });

    it('cuts long names to 63 characters without a trailing hyphen', () => {
      const slug = slugFromName(`${'a'.repeat(62)} b c`);
      expect(slug).toBe('a'.repeat(62));
      expect(slugFromName('word '.repeat(40)).length).toBeLessThanOrEqual(63);
      expect(slugFromName('word '.repeat(40))).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });
  });

  describe('RenameWorkspace', () => {
    it('emits only the fields that changed', () => {
      given(workspaceDecider, platform)
        .when({ type: 'RenameWorkspace', name: 'Platform Engineering', slug: 'platform' })
        .then([{ type: 'workspace.updated', data: { workspace_id: 'ws_platform', changes: { name: { from: 'Platform', to: 'Platform Engineering' } } } }]);
    });

    it('changes the slug when asked, and keeps it on a name change', () => {
      given(workspaceDecider, platform)
        .when({ type: 'RenameWorkspace', slug: 'plat' })
        .thenState((state) => expect(state).toMatchObject({ name: 'Platform', slug: 'plat' }));
      given(workspaceDecider, platform)
        .when({ type: 'RenameWorkspace', name: 'Core' })
        .thenState((state) => expect(state).toMatchObject({ name: 'Core', slug: 'platform' }));
    });

    it('appends nothing for a rename to the same values (after trimming)', () => {
      given(workspaceDecider, platform).when({ type: 'RenameWorkspace', name: ' Platform ', slug: 'platform' }).then([]);
    });

    it('refuses an empty name and an invalid slug', () => {
      given(workspaceDecider, platform).when({ type: 'RenameWorkspace', name: '' }).thenFails('invalid_request');
      given(workspaceDecider, platform).when({ type: 'RenameWorkspace', slug: 'Not A Slug' }).thenFails('invalid_request');
    });

    it('answers not_found for a deleted workspace', () => {
      given(workspaceDecider, [...platform, { type: 'workspace.deleted', data: { workspace_id: 'ws_platform', name: 'Platform', slug: 'platform', parent_id: 'ws_eng' } }])
        .when({ type: 'RenameWorkspace', name: 'Again' })
        .thenFails('not_found');
    });
  });

  describe('MoveWorkspace', () => {
    it('moves under another parent', () => {
      given(workspaceDecider, platform)
        .when(move('ws_ops'))
        .then([{ type: 'workspace.moved', data: { workspace_id: 'ws_platform', from_parent_id: 'ws_eng', to_parent_id: 'ws_ops' } }]);
    });

    it('moves to the top level (parent null)', () => {
      given(workspaceDecider, platform)
        .when(move(null, { parentExists: false }))
        .then([{ type: 'workspace.moved', data: { workspace_id: 'ws_platform', from_parent_id: 'ws_eng', to_parent_id: null } }]);
      given(workspaceDecider, platform)
        .when(move(null))
        .thenState((state) => expect(state).toMatchObject({ parentId: null }));
    });

    it('refuses a move under itself: 409', () => {
      given(workspaceDecider, platform).when(move('ws_platform', { parentInSubtree: true })).thenFails('conflict');
      // Even when the handler's facts did not say so.
      given(workspaceDecider, platform).when(move('ws_platform', { parentInSubtree: false })).thenFails('conflict');
    });

    it('refuses a move under one of its descendants (a cycle): 409', () => {
      given(workspaceDecider, platform).when(move('ws_platform_child', { parentInSubtree: true })).thenFails('conflict');
    });

    it('refuses an unknown parent: 400', () => {
      given(workspaceDecider, platform).when(move('ws_nowhere', { parentExists: false })).thenFails('invalid_request');
    });

    it('appends nothing when the parent does not change', () => {
      given(workspaceDecider, platform).when(move('ws_eng')).then([]);
      given(workspaceDecider, [created('ws_eng', 'Engineering', 'engineering')]).when(move(null)).then([]);
    });
  });

  describe('DeleteWorkspace', () => {
    const deleted: WorkspaceTreeEvent = { type: 'workspace.deleted', data: { workspace_id: 'ws_platform', name: 'Platform', slug: 'platform', parent_id: 'ws_eng' } };

    it('deletes a workspace without children', () => {
      given(workspaceDecider, platform).when({ type: 'DeleteWorkspace', hasChildren: false, cascade: false }).then([deleted]);
    });

    it('refuses a workspace with children unless cascade: 409', () => {
      given(workspaceDecider, platform).when({ type: 'DeleteWorkspace', hasChildren: true, cascade: false }).thenFails('conflict');
    });

    it('deletes a workspace with children in a cascade', () => {
      given(workspaceDecider, platform).when({ type: 'DeleteWorkspace', hasChildren: true, cascade: true }).then([deleted]);
    });

    it('answers not_found for a deleted or never created workspace', () => {
      given(workspaceDecider, [...platform, deleted]).when({ type: 'DeleteWorkspace', hasChildren: false, cascade: true }).thenFails('not_found');
      given(workspaceDecider, []).when({ type: 'DeleteWorkspace', hasChildren: false, cascade: false }).thenFails('not_found');
    });

    it('never re-creates a deleted workspace', () => {
      given(workspaceDecider, [...platform, deleted]).when(create({ workspaceId: 'ws_platform' })).thenFails('conflict');
    });
  });
});
