import type { RequestContext, RpcPayload, TemplatesRpc } from '@steward/contracts';

export class CreateTemplateCommand {
  constructor(
    readonly input: RpcPayload<typeof TemplatesRpc.CreateTemplate>,
    readonly context: RequestContext,
  ) {}
}
