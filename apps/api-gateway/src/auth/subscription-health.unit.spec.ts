import type { SubscriberStatus } from '@steward/messaging';
import { SubscriptionHealth } from './subscription-health';

function tracker(staleAfterMs = 5000) {
  const lost: number[] = [];
  const health = new SubscriptionHealth(staleAfterMs, () => lost.push(lost.length + 1));
  const see = (type: SubscriberStatus['type'], now: number) =>
    health.observe(type === 'crashed' ? { type, restart: true } : ({ type } as SubscriberStatus), now);
  return { health, see, lost };
}

describe('SubscriptionHealth', () => {
  it('distrusts a cold start until the group is joined and a fetch has happened since', () => {
    const { health, see } = tracker();
    expect(health.isHealthy(0)).toBe(false);
    see('fetched', 1); // a fetch before joining means nothing
    expect(health.isHealthy(1)).toBe(false);
    see('joined', 2);
    expect(health.isHealthy(2)).toBe(false);
    see('fetched', 3);
    expect(health.isHealthy(3)).toBe(true);
  });

  it('lapses when nothing was fetched (or heartbeaten) for longer than the staleness bound', () => {
    const { health, see, lost } = tracker(5000);
    see('joined', 0);
    see('fetched', 0);
    see('heartbeat', 4000);
    expect(health.isHealthy(9000)).toBe(true);
    expect(health.isHealthy(9001)).toBe(false);
    expect(lost).toEqual([1]);
    see('fetched', 9500); // offsets kept in memory: nothing was skipped, trust again
    expect(health.isHealthy(9500)).toBe(true);
  });

  it.each(['crashed', 'stopped', 'disconnected', 'rebalancing'] as const)('distrusts at once when the consumer reports %s', (type) => {
    const { health, see, lost } = tracker();
    see('joined', 0);
    see('fetched', 1);
    see(type, 2);
    expect(lost).toEqual([1]);
    expect(health.isHealthy(2)).toBe(false);
    see('heartbeat', 3);
    see('fetched', 3); // not until it has joined again
    expect(health.isHealthy(3)).toBe(false);
  });

  it('treats a rejoin as a lapse (offsets start anew), and trusts again after the next fetch', () => {
    const { health, see, lost } = tracker();
    see('joined', 0);
    see('fetched', 1);
    see('joined', 2);
    expect(lost).toEqual([1]);
    expect(health.isHealthy(2)).toBe(false);
    see('fetched', 3);
    expect(health.isHealthy(3)).toBe(true);
  });

  it('reports each lapse once', () => {
    const { health, see, lost } = tracker();
    see('joined', 0);
    see('fetched', 1);
    see('crashed', 2);
    see('stopped', 3);
    health.isHealthy(4);
    expect(lost).toEqual([1]);
  });
});
