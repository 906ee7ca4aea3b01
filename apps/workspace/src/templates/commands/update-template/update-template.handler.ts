import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type TemplateResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { workspaceExists } from '../../../members/membership.read-model';
import { TemplateAggregate } from '../../template.aggregate';
import { findTemplate, toTemplateResource } from '../../template.read-model';
import { UpdateTemplateCommand } from './update-template.command';

/**
 * PATCH: name, description, content and/or `workspace_id` (a move within the organization). A
 * change that alters nothing appends nothing and answers the template as it is.
 */
@CommandHandler(UpdateTemplateCommand)
export class UpdateTemplateHandler implements ICommandHandler<UpdateTemplateCommand, TemplateResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: UpdateTemplateCommand): Promise<TemplateResource> {
    // Another organization's template (and a deleted one) is not found.
    if (!(await findTemplate(this.dataSource, context.org_id, input.id))) throw notFound('template');
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const template = await this.repository.load(new TemplateAggregate(input.id));
      if (template.exists) template.assertVersion(input.expected_version);
      const state = template.state;
      const moves = input.workspace_id !== undefined && state.status === 'active' && input.workspace_id !== state.workspaceId;
      template.execute(
        {
          type: 'UpdateTemplate',
          name: input.name,
          description: input.description,
          content: input.content,
          workspaceId: input.workspace_id,
          workspaceExists: moves ? await workspaceExists(this.dataSource, context.org_id, input.workspace_id as string) : undefined,
        },
        decision,
      );
      await this.repository.save([template], context, decision.now);
      const row = await findTemplate(this.dataSource, context.org_id, input.id);
      if (!row) throw notFound('template');
      return toTemplateResource(row);
    });
  }
}
