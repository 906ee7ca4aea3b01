/** Reads mail caught by the real SMTP catcher (maildev's HTTP API). */
import { eventually } from './api-client';
export interface CaughtEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name?: string }[];
  from: { address: string; name?: string }[];
}

function apiUrl(): string {
  return process.env.SMTP_API_URL || 'http://127.0.0.1:1080';
}

export async function emailsTo(address: string): Promise<CaughtEmail[]> {
  const response = await fetch(`${apiUrl()}/email`);
  if (!response.ok) throw new Error(`SMTP catcher answered ${response.status}`);
  const all = (await response.json()) as CaughtEmail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** The accept link of an invitation email, and the token in it. */
const TOKEN_IN_LINK = /https?:\/\/\S+\?token=([A-Za-z0-9_.%-]+)/;

/**
 * The invitation tokens of the emails `address` has received, oldest first, once at least
 * `count` arrived. Waits up to 30 s: the first email of a run may wait for the notification
 * consumer to join its group.
 */
export async function invitationTokens(address: string, count = 1): Promise<string[]> {
  const mails = await eventually(
    async () => {
      const all = await emailsTo(address);
      return all.length >= count ? all : undefined;
    },
    { what: `${count} invitation email(s) to ${address}`, timeoutMs: 30_000 },
  );
  return mails.map((m) => {
    const match = TOKEN_IN_LINK.exec(m.text);
    if (!match) throw new Error('no accept link in the invitation email');
    return decodeURIComponent(match[1]);
  });
}
