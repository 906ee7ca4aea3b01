export class ListSignInsQuery {
  constructor(
    readonly orgId: string,
    readonly userId: string,
    readonly page: { limit: number; cursor?: string },
  ) {}
}
