import { ConfigError, env, envInt, envUrl } from '@steward/service-kit';

export const NOTIFICATION_CONFIG = Symbol('NOTIFICATION_CONFIG');

export interface JobsConfig {
  /** A job that failed this many times is `dead` (no more retries). */
  maxAttempts: number;
  /** Retry delay after the first failure; doubles per attempt up to `backoffMaxMs` (then jitter). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Poll interval of the worker when no NOTIFY wakes it (a safety net). */
  pollMs: number;
}

export interface NotificationConfig {
  /** nodemailer connection URL, e.g. `smtp://user:pass@host:587` or `smtps://…`. */
  smtpUrl: string;
  mailFrom: string;
  /** Shared with identity: derives invitation tokens (see contracts/identity/invitation-token). */
  invitationTokenSecret: string;
  /** The email links to `${invitationAcceptUrl}?token=<token>`. */
  invitationAcceptUrl: string;
  /**
   * How long after a key's creation its `email.destination_key` job is first due: time for the
   * recipient replicas (fed by other topics than the key's) to catch up. A job that still finds
   * them behind is retried with the jobs' backoff.
   */
  destinationKeyEmailDelayMs: number;
  jobs: JobsConfig;
}

// `Name <local@domain>` or a bare `local@domain`.
const MAIL_FROM = /^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/** Reads and validates notification's settings once, at start; a bad value names its variable. */
export function loadNotificationConfig(): NotificationConfig {
  const mailFrom = env('MAIL_FROM', 'Steward <no-reply@steward.local>').trim();
  if (!MAIL_FROM.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be an address such as "Steward <no-reply@example.com>" (got "${mailFrom}")`);
  }
  const secret = env('INVITATION_TOKEN_SECRET', 'dev-only-invitation-secret-change-me');
  if (secret.length < 16) throw new ConfigError('INVITATION_TOKEN_SECRET must be at least 16 characters');

  const backoffBaseMs = envInt('JOB_BACKOFF_BASE_MS', 1000, { min: 1, max: 3_600_000 });
  const backoffMaxMs = envInt('JOB_BACKOFF_MAX_MS', 300_000, { min: 1, max: 86_400_000 });
  if (backoffMaxMs < backoffBaseMs) {
    throw new ConfigError(`JOB_BACKOFF_MAX_MS (${backoffMaxMs}) must not be less than JOB_BACKOFF_BASE_MS (${backoffBaseMs})`);
  }

  return {
    smtpUrl: envUrl('SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
    mailFrom,
    invitationTokenSecret: secret,
    invitationAcceptUrl: envUrl('INVITATION_ACCEPT_URL', 'http://127.0.0.1:3000/invitations/accept', ['http:', 'https:']),
    destinationKeyEmailDelayMs: envInt('DESTINATION_KEY_EMAIL_DELAY_MS', 2000, { min: 0, max: 3_600_000 }),
    jobs: {
      // With the default backoff (1 s doubling to 5 min), 20 attempts span 30–60 minutes: an SMTP
      // outage of that long delays mail; a longer one leaves dead jobs to retry through the API.
      maxAttempts: envInt('JOB_MAX_ATTEMPTS', 20, { min: 1, max: 100 }),
      backoffBaseMs,
      backoffMaxMs,
      pollMs: envInt('JOB_POLL_MS', 500, { min: 10, max: 60_000 }),
    },
  };
}
