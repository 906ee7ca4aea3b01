import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@steward/contracts';

export const REQUIRED_SCOPE = 'steward:required-scope';
export const PUBLIC_ROUTE = 'steward:public-route';

/** The scope an endpoint needs. Every non-public route declares one; the guard refuses others. */
export const RequiresScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

/** A route that needs no API key (health, invitation accept/decline). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
