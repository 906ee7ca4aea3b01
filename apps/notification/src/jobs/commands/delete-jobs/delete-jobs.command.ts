import type { JobsRpc, RequestContext, RpcPayload } from '@steward/contracts';

export class DeleteJobsCommand {
  constructor(
    readonly input: RpcPayload<typeof JobsRpc.DeleteJobs>,
    readonly context: RequestContext,
  ) {}
}
