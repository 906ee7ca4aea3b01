/**
 * EventReactor against real PostgreSQL: a reaction's appends and the processed-event ledger
 * commit together, so a redelivered event appends nothing twice; a reaction that loses a race
 * for a stream runs again on fresh state; reaction events carry the source's context.
 */
import { DataSource, type EntityManager } from 'typeorm';
import { newId, typeIdGenerator, type CloudEvent, type DomainEvent } from '@steward/contracts';
import { AggregateRepository } from './aggregate-repository';
import { ensureDatabase } from './database';
import { DeciderAggregate } from './decider-aggregate';
import type { Decider } from './decider';
import { EventReactor, reactionContext, type EventReaction } from './event-reactor';
import { PostgresEventStore } from './event-store';
import { EventStoreSchema1764140000000 } from './event-store.schema';

type Tallied = DomainEvent<'tally.counted', { source: string }>;
const tallyDecider: Decider<{ count: number }, { type: 'Count'; source: string }, Tallied> = {
  initialState: () => ({ count: 0 }),
  evolve: (state) => ({ count: state.count + 1 }),
  decide: (command) => [{ type: 'tally.counted', data: { source: command.source } }],
};
class Tally extends DeciderAggregate<{ count: number }, { type: 'Count'; source: string }, Tallied> {
  constructor(id: string) {
    super(id, 'tally', tallyDecider);
  }
}

/** Counts every `thing.happened` on the tally stream named in its data. */
class CountWhenThingHappens implements EventReaction {
  readonly types = ['thing.happened'];
  constructor(
    private readonly repository: AggregateRepository,
    private readonly beforeSave: () => Promise<void> = async () => undefined,
  ) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const tally = await this.repository.load(new Tally(event.data.tally as string));
    tally.execute({ type: 'Count', source: event.id }, { now: new Date(), ids: typeIdGenerator, actor: event.actor, orgId: event.orgid });
    await this.beforeSave();
    await this.repository.save([tally], reactionContext(event), new Date(), manager);
  }
}

function thingHappened(tally: string, overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: newId('evt'),
    type: 'thing.happened',
    source: 'steward/test',
    subject: tally,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    orgid: 'org_reactor',
    actor: { type: 'api_key', id: 'key_reactor' },
    requestid: 'req_reactor',
    correlationid: 'req_reactor',
    streamversion: 1,
    dataversion: 1,
    data: { tally },
    ...overrides,
  };
}

let dataSource: DataSource;
let repository: AggregateRepository;
const store = new PostgresEventStore('workspace');

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${process.env.STEWARD_DB_PREFIX ?? 'steward_test_'}eventreactor`;
  await ensureDatabase(url.toString());
  dataSource = new DataSource({ type: 'postgres', url: url.toString(), migrations: [EventStoreSchema1764140000000], migrationsRun: true });
  await dataSource.initialize();
  await dataSource.query('TRUNCATE events, outbox, processed_events');
  repository = new AggregateRepository(dataSource, store, []);
});

afterAll(async () => {
  await dataSource?.destroy();
});

const versions = async (streamId: string) => (await store.load(dataSource.manager, streamId)).map((s) => s.version);

describe('EventReactor', () => {
  it('appends once per event however often the batch is delivered, with the source as cause', async () => {
    const tally = `tally:${newId('evt')}`;
    const reactor = new EventReactor(dataSource, 'reactor-once', [new CountWhenThingHappens(repository)]);
    const source = thingHappened(tally, { ip: '203.0.113.9', useragent: 'curl/8' });
    const ignored = thingHappened(tally, { type: 'other.thing' });

    expect((await reactor.handle([source, ignored])).map((e) => e.id)).toEqual([source.id]);
    expect(await reactor.handle([source, ignored])).toEqual([]);
    expect(await reactor.handle([source, source])).toEqual([]);

    const stream = await store.load(dataSource.manager, tally);
    expect(stream.map((s) => s.version)).toEqual([1]);
    expect(stream[0].context).toEqual({
      org_id: 'org_reactor',
      actor: { type: 'api_key', id: 'key_reactor' },
      request_id: 'req_reactor',
      correlation_id: 'req_reactor',
      causation_id: source.id,
      ip: '203.0.113.9',
      user_agent: 'curl/8',
      // The source carried no trace, so the reaction starts one of its own.
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
    });
    const ledger: { event_id: string }[] = await dataSource.query(`SELECT event_id FROM processed_events WHERE consumer = 'reactor-once'`);
    expect(ledger.map((r) => r.event_id)).toEqual([source.id]);
  });

  it('rolls the ledger back with a failed reaction, so the redelivery applies it', async () => {
    const tally = `tally:${newId('evt')}`;
    let fail = true;
    const reactor = new EventReactor(dataSource, 'reactor-failing', [
      new CountWhenThingHappens(repository, async () => {
        if (fail) throw new Error('boom');
      }),
    ]);
    const source = thingHappened(tally);
    await expect(reactor.handle([source])).rejects.toThrow('boom');
    expect(await versions(tally)).toEqual([]);
    fail = false;
    expect(await reactor.handle([source])).toHaveLength(1);
    expect(await versions(tally)).toEqual([1]);
  });

  it('runs a batch again when another writer won the stream, deciding on fresh state', async () => {
    const tally = `tally:${newId('evt')}`;
    // Both reactions load version 0, then wait for each other before saving: one must lose the race.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothLoaded = new Promise<void>((resolve) => (release = resolve));
    const barrier = async () => {
      if (++arrived === 2) release();
      if (arrived <= 2) await Promise.race([bothLoaded, new Promise((r) => setTimeout(r, 2000))]);
    };
    const a = new EventReactor(dataSource, 'reactor-race-a', [new CountWhenThingHappens(repository, barrier)]);
    const b = new EventReactor(dataSource, 'reactor-race-b', [new CountWhenThingHappens(repository, barrier)]);
    await Promise.all([a.handle([thingHappened(tally)]), b.handle([thingHappened(tally)])]);
    expect(await versions(tally)).toEqual([1, 2]);
  });
});
