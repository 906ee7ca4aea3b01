import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type ApiKeyResource } from '@steward/contracts';
import { AggregateRepository } from '@steward/event-store';
import { ApiKeyAggregate } from '../../api-key.aggregate';
import { toApiKeyResource, type ApiKeyRow } from '../../api-key.read-model';
import { CreateApiKeyCommand } from './create-api-key.command';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, ApiKeyResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateApiKeyCommand): Promise<ApiKeyResource> {
    const now = new Date();
    const key = new ApiKeyAggregate(typeIdGenerator.next('key'));
    key.execute(
      {
        type: 'CreateApiKey',
        keyId: key.id,
        name: input.name,
        prefix: input.prefix,
        secretHash: input.secret_hash,
        scopes: input.scopes,
        creatorScopes: context.actor.type === 'system' ? null : (context.scopes ?? []),
      },
      { now, ids: typeIdGenerator, actor: context.actor, orgId: context.org_id },
    );
    await this.repository.save([key], context, now);
    const [row] = (await this.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [key.id])) as ApiKeyRow[];
    return toApiKeyResource(row);
  }
}
