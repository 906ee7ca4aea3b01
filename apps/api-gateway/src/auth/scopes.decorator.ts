import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Scope } from '@steward/contracts';

export const REQUIRED_SCOPE = 'steward:required-scope';
export const PUBLIC_ROUTE = 'steward:public-route';

/** The security scheme of the OpenAPI document: `Authorization: Bearer <api key>`. */
export const API_KEY_SECURITY = 'api_key';
/** Operation extension naming the scope a call needs (also its `security` requirement). */
export const REQUIRED_SCOPE_EXTENSION = 'x-required-scope';

/**
 * The scope an endpoint needs. Every non-public route declares one; the guard refuses others.
 * The same decorator documents it: the operation's security requirement names the scope, and
 * `x-required-scope` repeats it (the document builder adds the 401/403/429 answers).
 */
export const RequiresScope = (scope: Scope) =>
  applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiSecurity(API_KEY_SECURITY, [scope]), ApiExtension(REQUIRED_SCOPE_EXTENSION, scope));

/** A route that needs no API key (health, invitation accept/decline). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
