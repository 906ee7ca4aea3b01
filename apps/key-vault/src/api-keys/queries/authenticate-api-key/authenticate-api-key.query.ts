export class AuthenticateApiKeyQuery {
  constructor(readonly secretHash: string) {}
}
