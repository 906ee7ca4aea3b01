import type { RequestContext } from '@steward/contracts';

/** Records the expiry of a key past its `expires_at` (sent by the expiry sweep, as the system). */
export class ExpireApiKeyCommand {
  constructor(
    readonly keyId: string,
    readonly context: RequestContext,
  ) {}
}
