import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isId, typeIdGenerator, type OrganizationResource } from '@steward/contracts';
import { AggregateRepository } from '@steward/event-store';
import { OrganizationAggregate } from '../../organization.aggregate';
import { CreateOrganizationCommand } from './create-organization.command';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand, OrganizationResource> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ input, context }: CreateOrganizationCommand): Promise<OrganizationResource> {
    const now = new Date();
    // The organization is its own tenant: its id is the context's org id when the caller chose one.
    const id = isId('org', context.org_id) ? context.org_id : typeIdGenerator.next('org');
    const organization = await this.repository.load(new OrganizationAggregate(id));
    organization.execute({ type: 'CreateOrganization', organizationId: id, name: input.name }, { now, ids: typeIdGenerator, actor: context.actor, orgId: id });
    await this.repository.save([organization], { ...context, org_id: id }, now);
    return { id, name: input.name.trim(), created_at: now.toISOString(), version: organization.version };
  }
}
