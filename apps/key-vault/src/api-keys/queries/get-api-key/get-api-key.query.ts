export class GetApiKeyQuery {
  constructor(
    readonly orgId: string,
    readonly keyId: string,
  ) {}
}
