/** Whether a workspace exists in the organization (asked by the gateway before a workspace invitation). */
export class WorkspaceExistsQuery {
  constructor(
    readonly orgId: string,
    readonly workspaceId: string,
  ) {}
}
