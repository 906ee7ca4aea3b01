import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { TemplateAggregate } from '../../template.aggregate';
import { findTemplate } from '../../template.read-model';
import { DeleteTemplateCommand } from './delete-template.command';

@CommandHandler(DeleteTemplateCommand)
export class DeleteTemplateHandler implements ICommandHandler<DeleteTemplateCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteTemplateCommand): Promise<null> {
    if (!(await findTemplate(this.dataSource, context.org_id, input.id))) throw notFound('template');
    await withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const template = await this.repository.load(new TemplateAggregate(input.id));
      if (template.exists) template.assertVersion(input.expected_version);
      template.execute({ type: 'DeleteTemplate' }, decision);
      await this.repository.save([template], context, decision.now);
    });
    return null;
  }
}
