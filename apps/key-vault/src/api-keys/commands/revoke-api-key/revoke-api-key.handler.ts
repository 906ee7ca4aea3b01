import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { ApiKeyAggregate } from '../../api-key.aggregate';
import { findApiKey } from '../../api-key.read-model';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

/**
 * `DELETE /v1/api-keys/{id}`: revokes the key (idempotent: revoking again appends nothing).
 * `api_key.revoked` is what every gateway drops the key on. Another organization's key → 404.
 */
@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: RevokeApiKeyCommand): Promise<null> {
    if (!(await findApiKey(this.dataSource, context.org_id, input.id))) throw notFound('api key');
    await withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const key = await this.repository.load(new ApiKeyAggregate(input.id));
      key.assertVersion(input.expected_version);
      key.execute({ type: 'RevokeApiKey' }, decision);
      await this.repository.save([key], context, decision.now);
    });
    return null;
  }
}
