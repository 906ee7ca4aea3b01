/** Reads mail caught by the real SMTP catcher (maildev's HTTP API). */
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
