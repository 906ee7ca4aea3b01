import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { BoundedContext } from '@steward/contracts';
import { ServiceHealthController } from './health.controller';
import { RPC_ROUTES, RpcDispatcher, SERVICE_CONTEXT, rpcControllerFor, type RpcRoute } from './rpc-dispatcher';
import { loggerModule } from './logging';
import { OperationsModule } from './operations.module';

export interface ServiceKitOptions {
  context: BoundedContext;
  routes: RpcRoute[];
}

/** What every Steward service has: logging, CQRS buses, the RPC endpoint, health checks, metrics and a graceful shutdown. */
@Module({})
export class ServiceKitModule {
  static forService(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      global: true,
      imports: [loggerModule(options.context), CqrsModule.forRoot(), OperationsModule.forApp({ app: options.context })],
      controllers: [rpcControllerFor(options.context), ServiceHealthController],
      providers: [
        { provide: RPC_ROUTES, useValue: options.routes },
        { provide: SERVICE_CONTEXT, useValue: options.context },
        RpcDispatcher,
      ],
      exports: [CqrsModule, SERVICE_CONTEXT],
    };
  }
}
