import { Module } from '@nestjs/common';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { NOTIFICATION_CONFIG, loadNotificationConfig } from './config/notification.config';
import { Mailer } from './email/mailer';
import { InvitationEmailSender } from './invitations/invitation-email.sender';
import { EmailJobsProjection } from './jobs/email-jobs.projection';
import { JOB_SENDERS, type JobSender } from './jobs/job';
import { JobWorker } from './jobs/job-worker';
import { Jobs1764140000300 } from './migrations/1764140000300-jobs';

const config = { provide: NOTIFICATION_CONFIG, useFactory: loadNotificationConfig };

/** Every sender the worker runs, one per job type. */
const senders = {
  provide: JOB_SENDERS,
  inject: [InvitationEmailSender],
  useFactory: (...all: JobSender[]): JobSender[] => all,
};

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'notification', routes: [] }),
    serviceDatabaseModule('notification', [Jobs1764140000300]),
  ],
  providers: [config, Mailer, InvitationEmailSender, senders, EmailJobsProjection, JobWorker],
})
export class NotificationModule {}
