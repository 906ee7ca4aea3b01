import { Module } from '@nestjs/common';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { NOTIFICATION_CONFIG, loadNotificationConfig } from './config/notification.config';
import { DestinationKeyEmailSender } from './destination-keys/destination-key-email.sender';
import { Mailer } from './email/mailer';
import { InvitationEmailSender } from './invitations/invitation-email.sender';
import { EmailJobsProjection } from './jobs/email-jobs.projection';
import { JOB_SENDERS, type JobSender } from './jobs/job';
import { JobWorker } from './jobs/job-worker';
import { JobsMetrics } from './jobs/jobs.metrics';
import { DeleteJobHandler } from './jobs/commands/delete-job/delete-job.handler';
import { DeleteJobsHandler } from './jobs/commands/delete-jobs/delete-jobs.handler';
import { RetryJobHandler } from './jobs/commands/retry-job/retry-job.handler';
import { jobRpcRoutes } from './jobs/jobs.rpc';
import { JobStatsHandler } from './jobs/queries/job-stats/job-stats.handler';
import { ListJobsHandler } from './jobs/queries/list-jobs/list-jobs.handler';
import { NOTIFICATION_MIGRATIONS } from './migrations/notification-migrations';
import { DirectoryUsersProjection } from './recipients/directory-users.projection';
import { KeyVaultNamesProjection } from './recipients/key-vault-names.projection';
import { ReplicasLock } from './recipients/replicas-lock';
import { RecipientsSubscriber } from './recipients/recipients.subscriber';
import { WorkspaceMembersProjection } from './recipients/workspace-members.projection';

const config = { provide: NOTIFICATION_CONFIG, useFactory: loadNotificationConfig };

/** Every sender the worker runs, one per job type. */
const senders = {
  provide: JOB_SENDERS,
  inject: [InvitationEmailSender, DestinationKeyEmailSender],
  useFactory: (...all: JobSender[]): JobSender[] => all,
};

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'notification', routes: jobRpcRoutes }),
    serviceDatabaseModule('notification', NOTIFICATION_MIGRATIONS),
  ],
  providers: [
    config,
    Mailer,
    InvitationEmailSender,
    DestinationKeyEmailSender,
    senders,
    EmailJobsProjection,
    JobWorker,
    JobsMetrics,
    ListJobsHandler,
    JobStatsHandler,
    DeleteJobsHandler,
    DeleteJobHandler,
    RetryJobHandler,
    DirectoryUsersProjection,
    WorkspaceMembersProjection,
    KeyVaultNamesProjection,
    ReplicasLock,
    RecipientsSubscriber,
  ],
})
export class NotificationModule {}
