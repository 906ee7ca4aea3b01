import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@steward/contracts';
import type { StewardRequest } from '../http/request-context';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './scopes.decorator';

/** Every Nest route is authenticated with the scope it declares (`@RequiresScope`), unless `@Public()`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, targets);
    await this.authenticator.authenticate(context.switchToHttp().getRequest<StewardRequest>(), scope);
    return true;
  }
}
