import type { RpcPayload, TemplatesRpc } from '@steward/contracts';

export class ListTemplatesQuery {
  constructor(
    readonly orgId: string,
    readonly filter: RpcPayload<typeof TemplatesRpc.ListTemplates>,
  ) {}
}
