export class GetUserQuery {
  constructor(
    readonly orgId: string,
    readonly userId: string,
  ) {}
}
