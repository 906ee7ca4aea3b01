export class VerifyApiKeyQuery {
  constructor(
    readonly secretHash: string,
    /** The calling organization: another organization's key is `unknown`. */
    readonly orgId: string,
  ) {}
}
