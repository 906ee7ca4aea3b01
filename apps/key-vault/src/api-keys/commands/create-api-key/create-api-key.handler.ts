import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, typeIdGenerator, type ApiKeyResource, type RequestContext } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { lockDestination } from '../../../destinations/destination.locks';
import { findDestination } from '../../../destinations/destination.read-model';
import { unknownWorkspace } from '../../../destinations/domain/destination.decider';
import { lockWorkspace } from '../../../workspaces-replica/workspace.locks';
import { findReplicaWorkspace } from '../../../workspaces-replica/workspaces-replica.projection';
import { ApiKeyAggregate } from '../../api-key.aggregate';
import { findApiKey, toApiKeyResource } from '../../api-key.read-model';
import { CreateApiKeyCommand } from './create-api-key.command';

const invalid = (field: string, issue: string, message: string) => new DomainError('invalid_request', message, [{ field, issue }]);

/**
 * Creates a key set. Its workspace and destination must exist in the organization (key-vault's
 * replica of workspaces, its own destinations): both are checked under their locks inside the
 * append transaction, so a concurrent deletion either sees the key or refuses it. A
 * `deliver: "retrieval"` key's encrypted secret is stored in that same transaction.
 */
@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, ApiKeyResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateApiKeyCommand): Promise<ApiKeyResource> {
    const deliver = input.deliver ?? 'response';
    if ((deliver === 'retrieval') !== (input.secret_ciphertext !== undefined)) {
      throw invalid('secret_ciphertext', deliver === 'retrieval' ? 'required' : 'unexpected', 'secret_ciphertext comes with deliver "retrieval", and only then');
    }
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const key = new ApiKeyAggregate(decision.ids.next('key'));
    key.execute(
      {
        type: 'CreateApiKey',
        keyId: key.id,
        name: input.name,
        prefix: input.prefix,
        secretHash: input.secret_hash,
        scopes: input.scopes,
        creatorScopes: context.actor.type === 'system' ? null : (context.scopes ?? []),
        workspaceId: input.workspace_id ?? null,
        destinationId: input.destination_id ?? null,
        expiresAt: input.expires_at ?? null,
        rateLimitPerMinute: input.rate_limit_per_minute ?? null,
        deliver,
      },
      decision,
    );
    await this.dataSource.transaction(async (manager) => {
      await this.assertOwnersExist(manager, context, input.workspace_id, input.destination_id);
      await this.repository.save([key], context, decision.now, manager);
      if (input.secret_ciphertext !== undefined) {
        await manager.query(`INSERT INTO key_secrets (key_id, ciphertext, created_at) VALUES ($1, $2, $3)`, [key.id, input.secret_ciphertext, decision.now]);
      }
    });
    const row = await findApiKey(this.dataSource, context.org_id, key.id);
    if (!row) throw new Error(`api key ${key.id} has no read row after its creation`);
    return toApiKeyResource(row);
  }

  /** The workspace and the destination a key names are live ones of the organization (held to commit). */
  private async assertOwnersExist(manager: EntityManager, context: RequestContext, workspaceId?: string, destinationId?: string): Promise<void> {
    if (workspaceId !== undefined) {
      await lockWorkspace(manager, workspaceId);
      if (!(await findReplicaWorkspace(manager, context.org_id, workspaceId))) throw unknownWorkspace();
    }
    if (destinationId !== undefined) {
      await lockDestination(manager, destinationId);
      if (!(await findDestination(manager, context.org_id, destinationId))) {
        throw invalid('destination_id', 'unknown', 'destination_id is not a destination of the organization');
      }
    }
  }
}
