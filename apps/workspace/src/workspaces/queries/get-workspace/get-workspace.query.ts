export class GetWorkspaceQuery {
  constructor(
    readonly orgId: string,
    readonly workspaceId: string,
  ) {}
}
