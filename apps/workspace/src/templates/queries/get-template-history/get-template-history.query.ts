export class GetTemplateHistoryQuery {
  constructor(
    readonly orgId: string,
    readonly templateId: string,
    readonly page: { limit: number; cursor?: string },
  ) {}
}
