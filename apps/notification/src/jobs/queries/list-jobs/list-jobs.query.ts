import type { JobsRpc, RpcPayload } from '@steward/contracts';

export class ListJobsQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof JobsRpc.ListJobs>,
  ) {}
}
