import { Type } from '@sinclair/typebox';
import type { CommandBus, ICommand, QueryBus } from '@nestjs/cqrs';
import { defineRpc, type RequestContext } from '@steward/contracts';
import { commandRoute, RpcDispatcher } from './rpc-dispatcher';

const Rename = defineRpc<{ renamed: string }>()('identity', 'things.rename', Type.Object({ name: Type.String() }, { additionalProperties: false }));
class RenameThing implements ICommand {
  constructor(readonly name: string) {}
}
const context: RequestContext = { org_id: 'org_1', actor: { type: 'api_key', id: 'key_1' }, request_id: 'req_1' };

function dispatcherRecording(executed: ICommand[]): RpcDispatcher {
  const commandBus = { execute: async (command: RenameThing) => (executed.push(command), { renamed: command.name }) } as unknown as CommandBus;
  return new RpcDispatcher(commandBus, {} as QueryBus, [commandRoute(Rename, (payload) => new RenameThing(payload.name))], 'identity');
}

describe('RpcDispatcher', () => {
  it('executes a request that arrives before its deadline', async () => {
    const executed: ICommand[] = [];
    const reply = await dispatcherRecording(executed).dispatch({ name: Rename.name, payload: { name: 'a' }, context, deadline: Date.now() + 10_000 });
    expect(reply).toEqual({ ok: true, result: { renamed: 'a' } });
    expect(executed).toHaveLength(1);
  });

  it('drops, unexecuted, a request taken after its deadline (the caller already answered 503)', async () => {
    const executed: ICommand[] = [];
    const reply = await dispatcherRecording(executed).dispatch({ name: Rename.name, payload: { name: 'late' }, context, deadline: Date.now() - 1 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(executed).toHaveLength(0);
  });

  it('refuses a payload that breaks its contract without executing it', async () => {
    const executed: ICommand[] = [];
    const reply = await dispatcherRecording(executed).dispatch({ name: Rename.name, payload: { name: 5 }, context });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(executed).toHaveLength(0);
  });
});
