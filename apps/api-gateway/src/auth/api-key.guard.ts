import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, hasScope, isWellFormedApiKey, type Scope } from '@steward/contracts';
import type { StewardRequest } from '../http/request-context';
import { ApiKeyCache } from './api-key-cache';
import { KeyUsageRecorder } from './key-usage';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './scopes.decorator';

/**
 * Authenticates `Authorization: Bearer sk_live_…` and checks the route's scope. Malformed keys
 * (bad shape or checksum) are refused without a lookup. A route without a declared scope is
 * refused: forgetting the decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyCache,
    private readonly usage: KeyUsageRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<StewardRequest>();
    const header = request.headers.authorization;
    if (!header) throw new DomainError('unauthorized', 'missing Authorization header: use "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'the Authorization header must be "Bearer <api key>"');
    const secret = match[1];
    if (!isWellFormedApiKey(secret)) throw new DomainError('invalid_api_key', 'The provided API key is invalid or has been revoked.');
    request.principal = await this.keys.principalFor(secret, String(request.id));
    this.usage.record(request.principal.key_id);

    const scope = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, targets);
    if (!scope) {
      this.logger.error({ route: request.routeOptions?.url }, 'route declares no scope; refusing');
      throw new DomainError('insufficient_scope', 'this endpoint is not available to API keys');
    }
    if (!hasScope(request.principal.scopes, scope)) {
      throw new DomainError('insufficient_scope', `this call needs the ${scope} scope`);
    }
    return true;
  }
}
