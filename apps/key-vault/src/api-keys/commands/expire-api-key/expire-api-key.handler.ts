import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { ApiKeyAggregate } from '../../api-key.aggregate';
import { ExpireApiKeyCommand } from './expire-api-key.command';

/**
 * Appends `api_key.expired` for a key past its `expires_at` (the decider appends nothing for a
 * key not yet due, or already revoked or expired), so gateways drop it. Returns whether it did.
 */
@CommandHandler(ExpireApiKeyCommand)
export class ExpireApiKeyHandler implements ICommandHandler<ExpireApiKeyCommand, boolean> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ keyId, context }: ExpireApiKeyCommand): Promise<boolean> {
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const key = await this.repository.load(new ApiKeyAggregate(keyId));
      if (!key.exists) return false;
      const events = key.execute({ type: 'ExpireApiKey' }, decision);
      await this.repository.save([key], context, decision.now);
      return events.length > 0;
    });
  }
}
