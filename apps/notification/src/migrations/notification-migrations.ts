import { Jobs1764140000300 } from './1764140000300-jobs';
import { RecipientReplicas1764140000310 } from './1764140000310-recipient-replicas';
import { JobsApi1764140000320 } from './1764140000320-jobs-api';
import { JobTrace1764140000330 } from './1764140000330-job-trace';

/** The notification database's migrations in order: the service runs them at start, and so does a rebuild. */
export const NOTIFICATION_MIGRATIONS = [Jobs1764140000300, RecipientReplicas1764140000310, JobsApi1764140000320, JobTrace1764140000330];
