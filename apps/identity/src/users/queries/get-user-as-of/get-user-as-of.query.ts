export class GetUserAsOfQuery {
  constructor(
    readonly orgId: string,
    readonly userId: string,
    /** ISO 8601 time, as the client sent it. */
    readonly asOf: string,
  ) {}
}
