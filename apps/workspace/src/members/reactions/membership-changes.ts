import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, typeIdGenerator, type CloudEvent } from '@steward/contracts';
import { reactionContext, type AggregateRepository, type DecisionContext } from '@steward/event-store';
import type { MemberRemovalReason } from '../domain/membership.decider';
import { MembershipAggregate } from '../membership.aggregate';
import { workspaceExists } from '../membership.read-model';
import { isDeletedUser, lockMembershipsOfUser } from '../directory-users.read-model';

const logger = new Logger('MembershipReactions');

function decisionFor(event: CloudEvent): DecisionContext {
  return { now: new Date(), ids: typeIdGenerator, actor: event.actor, orgId: event.orgid };
}

/** Runs a decision that the aggregate may refuse; a refusal (e.g. the workspace is gone) is logged and skipped. */
function decided(aggregate: MembershipAggregate, run: () => void, event: CloudEvent): boolean {
  try {
    run();
    return aggregate.getUncommittedEvents().length > 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.log({ event_id: event.id, event_type: event.type, stream: aggregate.id, code: error.code }, 'membership change skipped');
    return false;
  }
}

/** Adds `userId` to each workspace that exists in the event's organization, in the event's transaction. */
export async function addMemberships(
  repository: AggregateRepository,
  manager: EntityManager,
  event: CloudEvent,
  userId: string,
  grants: { workspaceId: string; role: string; invitationId: string | null }[],
): Promise<void> {
  await lockMembershipsOfUser(manager, userId);
  const userDeleted = await isDeletedUser(manager, userId);
  const decision = decisionFor(event);
  const changed: MembershipAggregate[] = [];
  for (const grant of grants) {
    const exists = await workspaceExists(manager, event.orgid, grant.workspaceId, { forShare: true });
    const membership = await repository.load(new MembershipAggregate(grant.workspaceId, userId));
    const command = { type: 'AddMember' as const, userId, ...grant, workspaceExists: exists, userDeleted };
    if (decided(membership, () => membership.execute(command, decision), event)) changed.push(membership);
  }
  await repository.save(changed, reactionContext(event), decision.now, manager);
}

/** Ends each of the given memberships that is current, in the event's transaction. */
export async function removeMemberships(
  repository: AggregateRepository,
  manager: EntityManager,
  event: CloudEvent,
  pairs: { workspaceId: string; userId: string }[],
  reason: MemberRemovalReason,
): Promise<void> {
  const decision = decisionFor(event);
  const changed: MembershipAggregate[] = [];
  for (const { workspaceId, userId } of pairs) {
    const membership = await repository.load(new MembershipAggregate(workspaceId, userId));
    if (decided(membership, () => membership.execute({ type: 'RemoveMember', reason }, decision), event)) changed.push(membership);
  }
  await repository.save(changed, reactionContext(event), decision.now, manager);
}
