export class GetManagerQuery {
  constructor(
    readonly orgId: string,
    readonly managerId: string,
  ) {}
}
