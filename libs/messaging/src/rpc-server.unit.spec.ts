/**
 * RpcServer takes each request at most once: the request's offset is committed before it runs,
 * so a crash after it ran cannot make Kafka hand it over again (it would run twice); a commit
 * that fails runs nothing.
 */
import { ServerKafka } from '@nestjs/microservices';
import { RpcServer } from './rpc';

type Payload = Parameters<ServerKafka['handleMessage']>[0];

function serverWith(commitOffsets: (offsets: unknown) => Promise<void>): RpcServer {
  const server = new RpcServer('identity');
  (server as unknown as { consumer: unknown }).consumer = { commitOffsets };
  return server;
}

const payload = { topic: 'steward.identity.rpc', partition: 2, message: { offset: '41', value: null, headers: {} } } as unknown as Payload;

afterEach(() => jest.restoreAllMocks());

describe('RpcServer.handleMessage', () => {
  it('commits the next offset of the partition before the request runs', async () => {
    const order: string[] = [];
    let committed: unknown;
    const run = jest.spyOn(ServerKafka.prototype, 'handleMessage').mockImplementation(async () => {
      order.push('run');
    });
    const server = serverWith(async (offsets) => {
      committed = offsets;
      order.push('commit');
    });
    await server.handleMessage(payload);
    expect(order).toEqual(['commit', 'run']);
    expect(committed).toEqual([{ topic: 'steward.identity.rpc', partition: 2, offset: '42' }]);
    expect(run).toHaveBeenCalledWith(payload);
  });

  it('runs nothing when the commit fails (kafkajs offers the message again)', async () => {
    const run = jest.spyOn(ServerKafka.prototype, 'handleMessage').mockImplementation(async () => undefined);
    const server = serverWith(async () => {
      throw new Error('The coordinator is not aware of this member');
    });
    await expect(server.handleMessage(payload)).rejects.toThrow('coordinator');
    expect(run).not.toHaveBeenCalled();
  });
});
