import type { FastifyInstance } from 'fastify';
import { DomainError } from '@steward/contracts';

/**
 * Fastify answers 404 for a known path with an unsupported method; API.md wants 405. Routes are
 * recorded as they register, and the not-found path asks whether another method would match.
 */
export class RouteTable {
  private readonly routes: { method: string; pattern: RegExp }[] = [];

  attach(instance: FastifyInstance): void {
    instance.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const source = route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\?:[A-Za-z0-9_]+/g, '[^/]+');
      for (const method of methods) this.routes.push({ method: String(method).toUpperCase(), pattern: new RegExp(`^${source}/?$`) });
    });
  }

  allowedMethods(path: string): string[] {
    const bare = path.split('?')[0];
    return [...new Set(this.routes.filter((r) => r.pattern.test(bare)).map((r) => r.method))].filter((m) => m !== 'HEAD');
  }

  /** The error for an unmatched request: 405 when the path exists under other methods. */
  unmatched(method: string, path: string): DomainError {
    const allowed = this.allowedMethods(path);
    if (allowed.length) {
      return new DomainError('method_not_allowed', `${method} is not allowed here; use ${allowed.join(', ')}`);
    }
    return new DomainError('not_found', 'no such route');
  }
}

export const routeTable = new RouteTable();
