import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type SignInResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { UserAggregate } from '../../user.aggregate';
import { findUser, toSignInResource, type SignInRow } from '../../user.read-model';
import { RecordSignInCommand } from './record-sign-in.command';

/** Records a sign-in reported by the host application (`user.signed_in`, audit `user.login`). */
@CommandHandler(RecordSignInCommand)
export class RecordSignInHandler implements ICommandHandler<RecordSignInCommand, SignInResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: RecordSignInCommand): Promise<SignInResource> {
    if (!(await findUser(this.dataSource, context.org_id, input.id))) throw notFound('user');
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const user = await this.repository.load(new UserAggregate(input.id));
      const [event] = user.execute(
        { type: 'RecordSignIn', ip: input.ip, userAgent: input.user_agent, method: input.method, success: input.success },
        decision,
      );
      await this.repository.save([user], context, decision.now);
      const signInId = event?.type === 'user.signed_in' ? event.data.sign_in_id : '';
      const [row] = (await this.dataSource.query(`SELECT * FROM sign_ins WHERE id = $1`, [signInId])) as SignInRow[];
      if (!row) throw notFound('sign-in');
      return toSignInResource(row);
    });
  }
}
