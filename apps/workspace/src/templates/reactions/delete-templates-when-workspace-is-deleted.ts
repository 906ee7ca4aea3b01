import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { typeIdGenerator, WorkspaceDeleted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, reactionContext, type DecisionContext, type EventReaction } from '@steward/event-store';
import { TemplateAggregate } from '../template.aggregate';
import { templatesOfWorkspace } from '../template.read-model';

/**
 * A deleted workspace's templates go with it: one `template.deleted` each (a cascade emits one
 * `workspace.deleted` per removed workspace, so each is handled alike), appended in the
 * transaction that records the event as processed. The workspace row is gone by now, and a
 * template create or move that locked it committed first, so every template is seen here; one
 * moved elsewhere meanwhile is left alone (the aggregate decides).
 */
@Injectable()
export class DeleteTemplatesWhenWorkspaceIsDeleted implements EventReaction {
  readonly types = [WorkspaceDeleted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { workspace_id } = event.data as (typeof WorkspaceDeleted)['schema']['static'];
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: event.actor, orgId: event.orgid };
    const templates: TemplateAggregate[] = [];
    for (const id of await templatesOfWorkspace(manager, event.orgid, workspace_id)) {
      const template = await this.repository.load(new TemplateAggregate(id));
      template.execute({ type: 'DeleteTemplateWithWorkspace', workspaceId: workspace_id }, decision);
      templates.push(template);
    }
    await this.repository.save(templates, reactionContext(event), decision.now, manager);
  }
}
