import { DeciderAggregate } from '@steward/event-store';
import { workspaceDecider, type WorkspaceCommand, type WorkspaceState, type WorkspaceTreeEvent } from './domain/workspace.decider';

export class WorkspaceAggregate extends DeciderAggregate<WorkspaceState, WorkspaceCommand, WorkspaceTreeEvent> {
  constructor(id: string) {
    super(id, 'workspace', workspaceDecider);
  }
}
