import { Module } from '@nestjs/common';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { NOTIFICATION_CONFIG, loadNotificationConfig } from './config/notification.config';
import { DestinationKeyEmailSender } from './destination-keys/destination-key-email.sender';
import { Mailer } from './email/mailer';
import { InvitationEmailSender } from './invitations/invitation-email.sender';
import { EmailJobsProjection } from './jobs/email-jobs.projection';
import { JOB_SENDERS, type JobSender } from './jobs/job';
import { JobWorker } from './jobs/job-worker';
import { Jobs1764140000300 } from './migrations/1764140000300-jobs';
import { RecipientReplicas1764140000310 } from './migrations/1764140000310-recipient-replicas';
import { DirectoryUsersProjection } from './recipients/directory-users.projection';
import { KeyVaultNamesProjection } from './recipients/key-vault-names.projection';
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
    ServiceKitModule.forService({ context: 'notification', routes: [] }),
    serviceDatabaseModule('notification', [Jobs1764140000300, RecipientReplicas1764140000310]),
  ],
  providers: [
    config,
    Mailer,
    InvitationEmailSender,
    DestinationKeyEmailSender,
    senders,
    EmailJobsProjection,
    JobWorker,
    DirectoryUsersProjection,
    WorkspaceMembersProjection,
    KeyVaultNamesProjection,
    RecipientsSubscriber,
  ],
})
export class NotificationModule {}
