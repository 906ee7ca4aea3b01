import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type TemplateResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { workspaceExists } from '../../../members/membership.read-model';
import { TemplateAggregate } from '../../template.aggregate';
import { findTemplate, toTemplateResource } from '../../template.read-model';
import { CreateTemplateCommand } from './create-template.command';

/** The workspace must be one of the caller's organization: looked up here, decided by the aggregate. */
@CommandHandler(CreateTemplateCommand)
export class CreateTemplateHandler implements ICommandHandler<CreateTemplateCommand, TemplateResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateTemplateCommand): Promise<TemplateResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const template = new TemplateAggregate(decision.ids.next('tpl'));
    template.execute(
      {
        type: 'CreateTemplate',
        templateId: template.id,
        workspaceId: input.workspace_id,
        workspaceExists: await workspaceExists(this.dataSource, context.org_id, input.workspace_id),
        name: input.name,
        description: input.description,
        content: input.content,
      },
      decision,
    );
    await this.repository.save([template], context, decision.now);
    const row = await findTemplate(this.dataSource, context.org_id, template.id);
    if (!row) throw notFound('template');
    return toTemplateResource(row);
  }
}
