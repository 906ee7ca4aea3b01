import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RpcClient } from '@steward/messaging';

/** The gateway's one request/reply client (its own reply consumer group per process). */
@Injectable()
export class GatewayRpcClient extends RpcClient implements OnApplicationShutdown {
  constructor() {
    super('gateway');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
