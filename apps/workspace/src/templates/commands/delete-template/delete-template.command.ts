import type { RequestContext, RpcPayload, TemplatesRpc } from '@steward/contracts';

export class DeleteTemplateCommand {
  constructor(
    readonly input: RpcPayload<typeof TemplatesRpc.DeleteTemplate>,
    readonly context: RequestContext,
  ) {}
}
