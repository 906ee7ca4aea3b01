import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A Message-ID stable across retries of one job (`<job id>@steward`): SMTP delivery is
   * at-least-once (a crash between the server's acceptance and the recorded outcome sends again),
   * and receivers drop a copy with a Message-ID they already have.
   */
  messageId?: string;
}

/**
 * nodemailer's defaults wait minutes on a silent server (socketTimeout 10 min); ours keep one
 * send well inside the worker's lease. A value given in SMTP_URL's query string wins.
 */
export const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

export function withDefaultTimeouts(smtpUrl: string): string {
  const present = new URL(smtpUrl).searchParams;
  const missing = Object.entries(SMTP_TIMEOUTS_MS).filter(([key]) => !present.has(key));
  if (missing.length === 0) return smtpUrl;
  // Appended to the URL as given, so credentials are passed on exactly as configured.
  return `${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}${missing.map(([key, ms]) => `${key}=${ms}`).join('&')}`;
}

/** Sends email over SMTP_URL from MAIL_FROM. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig) {
    this.transport = createTransport(withDefaultTimeouts(config.smtpUrl));
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({ from: this.config.mailFrom, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
