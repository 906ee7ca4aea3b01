export class GetTemplateQuery {
  constructor(
    readonly orgId: string,
    readonly templateId: string,
  ) {}
}
