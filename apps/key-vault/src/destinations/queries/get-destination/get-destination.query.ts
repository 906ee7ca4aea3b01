export class GetDestinationQuery {
  constructor(
    readonly orgId: string,
    readonly destinationId: string,
  ) {}
}
