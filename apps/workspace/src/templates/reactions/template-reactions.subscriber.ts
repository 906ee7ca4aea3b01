import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DeleteTemplatesWhenWorkspaceIsDeleted } from './delete-templates-when-workspace-is-deleted';

/**
 * Consumes the workspace context's own events for templates: a `workspace.deleted` deletes the
 * workspace's templates. Each event is applied once (EventReactor: processed-event ledger and
 * appends in one transaction).
 */
@Injectable()
export class TemplateReactionsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'workspace-templates';

  constructor(dataSource: DataSource, whenWorkspaceIsDeleted: DeleteTemplatesWhenWorkspaceIsDeleted) {
    super(dataSource, { consumer: TemplateReactionsSubscriber.consumer, contexts: ['workspace'], reactions: [whenWorkspaceIsDeleted] });
  }
}
