import type { DestinationEvent } from '@steward/contracts';
import { fixedContext, given } from '@steward/testing';
import { destinationDecider } from './destination.decider';

describe('Destination aggregate', () => {
  const create = { type: 'CreateDestination' as const, destinationId: 'dst_1', name: 'Warehouse', workspaceId: 'ws_1', workspaceExists: true };
  const created: DestinationEvent = { type: 'destination.created', data: { destination_id: 'dst_1', name: 'Warehouse', workspace_id: 'ws_1' } };
  const deleted: DestinationEvent = { type: 'destination.deleted', data: { destination_id: 'dst_1', name: 'Warehouse', workspace_id: 'ws_1' } };
  const remove = { type: 'DeleteDestination' as const, activeKeys: 0, workspaceDeleted: false };

  describe('CreateDestination', () => {
    it('creates a destination owned by the workspace, with a trimmed name', () => {
      given(destinationDecider, []).when({ ...create, name: '  Warehouse ' }).then([created]);
    });

    it('accepts a name of exactly 200 characters', () => {
      const name = 'x'.repeat(200);
      given(destinationDecider, []).when({ ...create, name }).then([{ type: 'destination.created', data: { ...created.data, name } }]);
    });

    it.each([
      ['an empty name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
      ['a workspace that does not exist in the organization', { workspaceExists: false }, 'workspace_id'],
    ])('refuses %s (400 on that field)', (_label, override, field) => {
      given(destinationDecider, []).when({ ...create, ...override }).thenFails('invalid_request');
      expect(() => destinationDecider.decide({ ...create, ...override }, destinationDecider.initialState(), fixedContext())).toThrow(
        expect.objectContaining({ details: [expect.objectContaining({ field })] }),
      );
    });

    it('refuses to create the same destination twice, even after its deletion', () => {
      given(destinationDecider, [created]).when(create).thenFails('conflict');
      given(destinationDecider, [created, deleted]).when(create).thenFails('conflict');
    });

    it('holds the name and the owning workspace in its state', () => {
      given(destinationDecider, []).when(create).thenState((s) => {
        expect(s).toEqual({ exists: true, id: 'dst_1', name: 'Warehouse', workspaceId: 'ws_1' });
      });
    });
  });

  describe('DeleteDestination', () => {
    it('deletes a destination no active key is routed to, naming its workspace', () => {
      given(destinationDecider, [created]).when(remove).then([deleted]);
    });

    it('refuses while active keys are routed to it (409)', () => {
      given(destinationDecider, [created]).when({ ...remove, activeKeys: 2 }).thenFails('conflict');
    });

    it('deletes it with its workspace whatever keys are routed to it', () => {
      given(destinationDecider, [created]).when({ ...remove, activeKeys: 3, workspaceDeleted: true }).then([deleted]);
    });

    it('is not found once deleted, or if it never existed (404)', () => {
      given(destinationDecider, [created, deleted]).when(remove).thenFails('not_found');
      given(destinationDecider, []).when(remove).thenFails('not_found');
    });

    it('leaves a deleted state that no longer exists', () => {
      given(destinationDecider, [created]).when(remove).thenState((s) => expect(s).toEqual({ exists: false, deleted: true }));
    });
  });
});
