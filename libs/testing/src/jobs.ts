import { JobType, type JobResource, type Page } from '@steward/contracts';
import type { apiAs } from './api-client';

type Client = ReturnType<typeof apiAs>;

/** The invitation email job of the client's organization addressed to `address`, as the Jobs API shows it. */
export async function invitationJobTo(client: Client, address: string): Promise<JobResource | undefined> {
  const page = await client.get<Page<JobResource>>(`/v1/jobs?type=${JobType.InvitationEmail}&limit=100`);
  if (page.status !== 200) throw new Error(`GET /v1/jobs answered ${page.status}: ${page.text}`);
  return page.body.data.find((job) => job.payload_summary.to === address);
}
