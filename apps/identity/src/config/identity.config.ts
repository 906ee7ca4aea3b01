import { ConfigError, env, envInt } from '@steward/service-kit';

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

export interface IdentityConfig {
  /** Shared with notification: derives invitation tokens (see contracts/identity/invitation-token). */
  invitationTokenSecret: string;
  invitationTtlDays: number;
}

export function loadIdentityConfig(): IdentityConfig {
  const secret = env('INVITATION_TOKEN_SECRET', 'dev-only-invitation-secret-change-me');
  if (secret.length < 16) throw new ConfigError('INVITATION_TOKEN_SECRET must be at least 16 characters');
  return { invitationTokenSecret: secret, invitationTtlDays: envInt('INVITATION_TTL_DAYS', 7, { min: 1, max: 90 }) };
}
