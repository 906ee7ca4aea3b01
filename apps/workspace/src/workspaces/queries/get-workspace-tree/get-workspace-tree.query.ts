export class GetWorkspaceTreeQuery {
  constructor(
    readonly orgId: string,
    readonly workspaceId: string,
  ) {}
}
