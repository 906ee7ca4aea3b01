import { DomainError, notFound, type DestinationEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type DestinationState =
  | { exists: false; deleted: boolean }
  | { exists: true; id: string; name: string; workspaceId: string };

type ExistingDestination = Extract<DestinationState, { exists: true }>;

/**
 * Facts about other aggregates (does the workspace exist in the organization, how many active
 * keys are routed to the destination) are looked up by the handler and passed in; the read-model
 * projection checks them again in the append transaction, under a lock (see destination.locks).
 */
export type DestinationCommand =
  | { type: 'CreateDestination'; destinationId: string; name: string; workspaceId: string; workspaceExists: boolean }
  /**
   * `DELETE /v1/destinations/{id}`: refused while active keys are routed to it.
   * `workspaceDeleted`: the owning workspace is gone (the reaction to `workspace.deleted`), so the
   * destination goes with it whatever keys name it.
   */
  | { type: 'DeleteDestination'; activeKeys: number; workspaceDeleted: boolean };

export const NAME_MAX_LENGTH = 200;

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

/** The one rule of a deletion, shared with the projection's re-check under the lock. */
export function destinationInUse(activeKeys: number): DomainError {
  return new DomainError('conflict', `${activeKeys} active API key(s) are routed to the destination; revoke them first`, [
    { field: 'id', issue: 'in_use' },
  ]);
}

/** The workspace named by a new destination must be a live workspace of the organization. */
export function unknownWorkspace(): DomainError {
  return invalid('workspace_id', 'unknown', 'workspace_id is not a workspace of the organization');
}

/** A destination that was never created or has been deleted is not found. */
function existing(state: DestinationState): ExistingDestination {
  if (!state.exists) throw notFound('destination');
  return state;
}

export const destinationDecider: Decider<DestinationState, DestinationCommand, DestinationEvent> = {
  initialState: () => ({ exists: false, deleted: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'destination.created':
        return { exists: true, id: event.data.destination_id, name: event.data.name, workspaceId: event.data.workspace_id };
      case 'destination.deleted':
        return { exists: false, deleted: true };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled destination event ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateDestination': {
        if (state.exists || state.deleted) throw new DomainError('conflict', 'destination already exists');
        const name = command.name.trim();
        if (!name) throw invalid('name', 'required', 'name must not be empty');
        if (name.length > NAME_MAX_LENGTH) throw invalid('name', 'too_long', `name must be at most ${NAME_MAX_LENGTH} characters`);
        if (!command.workspaceExists) throw unknownWorkspace();
        return [{ type: 'destination.created', data: { destination_id: command.destinationId, name, workspace_id: command.workspaceId } }];
      }
      case 'DeleteDestination': {
        const destination = existing(state);
        if (!command.workspaceDeleted && command.activeKeys > 0) throw destinationInUse(command.activeKeys);
        return [
          { type: 'destination.deleted', data: { destination_id: destination.id, name: destination.name, workspace_id: destination.workspaceId } },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled destination command ${String((unknown as { type: string }).type)}`);
      }
    }
  },
};
