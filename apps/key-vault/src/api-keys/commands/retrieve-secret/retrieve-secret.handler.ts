import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, notFound, typeIdGenerator, type ApiKeySecretCiphertext } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { ApiKeyAggregate } from '../../api-key.aggregate';
import { findApiKey } from '../../api-key.read-model';
import { RetrieveSecretCommand } from './retrieve-secret.command';

const gone = () => new DomainError('gone', 'the secret of this key can no longer be retrieved');

/**
 * `GET /v1/api-keys/{id}/secret`: the one retrieval of a provisioned key's secret. In one
 * transaction: the ciphertext row is locked and read, `api_key.secret_retrieved` is appended,
 * and the projection deletes the row — so exactly one caller gets it; any later call (or a
 * concurrent one, which waits for the lock and then finds no row) → 410 `gone`. Only the
 * ciphertext leaves; the gateway that made it decrypts it.
 */
@CommandHandler(RetrieveSecretCommand)
export class RetrieveSecretHandler implements ICommandHandler<RetrieveSecretCommand, ApiKeySecretCiphertext> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: RetrieveSecretCommand): Promise<ApiKeySecretCiphertext> {
    if (!(await findApiKey(this.dataSource, context.org_id, input.id))) throw notFound('api key');
    // A concurrent change of the stream (e.g. a revocation) rolls back and decides again.
    return withConcurrencyRetry(() => this.dataSource.transaction(async (manager) => {
      const rows: { ciphertext: string }[] = await manager.query(`SELECT ciphertext FROM key_secrets WHERE key_id = $1 FOR UPDATE`, [input.id]);
      if (!rows[0]) throw gone();
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const key = await this.repository.load(new ApiKeyAggregate(input.id));
      key.execute({ type: 'RetrieveSecret' }, decision);
      await this.repository.save([key], context, decision.now, manager);
      return { id: input.id, secret_ciphertext: rows[0].ciphertext };
    }));
  }
}
