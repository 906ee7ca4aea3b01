export class GetRoleQuery {
  constructor(
    readonly orgId: string,
    readonly roleId: string,
  ) {}
}
