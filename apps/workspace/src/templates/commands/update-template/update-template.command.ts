import type { RequestContext, RpcPayload, TemplatesRpc } from '@steward/contracts';

export class UpdateTemplateCommand {
  constructor(
    readonly input: RpcPayload<typeof TemplatesRpc.UpdateTemplate>,
    readonly context: RequestContext,
  ) {}
}
