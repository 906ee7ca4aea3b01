import type { Admin } from 'kafkajs';
import { createKafka } from './kafka';

/**
 * What the process asks the broker for its operations endpoints: whether it answers (readiness)
 * and how far this process's consumer groups are behind their topics (metrics), over one admin
 * connection opened on first use.
 */

interface TrackedGroup {
  /** The logical consumer (projection, reaction or RPC server) the metric is labelled with. */
  consumer: string;
  topics: string[];
  /** Where the group starts on a partition it has committed nothing for. */
  fromBeginning: boolean;
}

const trackedGroups = new Map<string, TrackedGroup>();

/**
 * Reports the lag of a consumer group of this process (a shared group that commits offsets).
 * Returns the function that stops reporting it.
 */
export function trackConsumerLag(groupId: string, group: TrackedGroup): () => void {
  trackedGroups.set(groupId, group);
  return () => {
    if (trackedGroups.get(groupId) === group) trackedGroups.delete(groupId);
  };
}

export interface ConsumerLag {
  consumer: string;
  topic: string;
  /** Messages on the topic's partitions after the group's committed offsets. */
  lag: number;
}

/** A partition's offsets as the admin API reports them (strings of integers). */
export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}

/**
 * Lag of one group on one topic: per partition, the high watermark minus the committed offset;
 * a partition without a commit counts from where the group would start there (its low watermark
 * when reading from the beginning, else nothing).
 */
export function topicLag(ends: PartitionEnds[], committed: { partition: number; offset: string }[], fromBeginning: boolean): number {
  const offsets = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  let lag = 0;
  for (const end of ends) {
    const high = Number(end.high);
    const offset = offsets.get(end.partition);
    const position = offset !== undefined && offset >= 0 ? offset : fromBeginning ? Number(end.low) : high;
    lag += Math.max(0, high - position);
  }
  return lag;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class KafkaProbe {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(private readonly clientId: string) {}

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      // Few retries: a probe answers now or reports the broker down; it is asked again soon.
      const admin = createKafka(this.clientId).admin({ retry: { retries: 1, initialRetryTime: 100 } });
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }

  /** Resolves when a broker answered a metadata request within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<{ brokers: number }> {
    try {
      const cluster = await withTimeout(
        this.connected().then((admin) => admin.describeCluster()),
        timeoutMs,
        'the Kafka broker',
      );
      return { brokers: cluster.brokers.length };
    } catch (error) {
      // The next probe starts from a new connection (e.g. after the broker restarted).
      void this.close().catch(() => undefined);
      throw error;
    }
  }

  /** The lag of every tracked consumer group of the process, per topic. */
  async consumerLag(timeoutMs: number): Promise<ConsumerLag[]> {
    const groups = [...trackedGroups.entries()];
    if (groups.length === 0) return [];
    const measured = withTimeout(
      (async () => {
        const admin = await this.connected();
        const topics = [...new Set(groups.flatMap(([, g]) => g.topics))];
        const ends = new Map(await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));
        const lags = await Promise.all(
          groups.map(async ([groupId, group]) => {
            const committed = await admin.fetchOffsets({ groupId, topics: group.topics });
            return committed.map(({ topic, partitions }) => ({
              consumer: group.consumer,
              topic,
              lag: topicLag(ends.get(topic) ?? [], partitions, group.fromBeginning),
            }));
          }),
        );
        return lags.flat();
      })(),
      timeoutMs,
      'measuring consumer lag',
    );
    return measured.catch((error: unknown) => {
      void this.close().catch(() => undefined);
      throw error;
    });
  }

  async close(): Promise<void> {
    const { admin, connecting } = this;
    this.admin = undefined;
    this.connecting = undefined;
    await (admin ?? (await connecting?.catch(() => undefined)))?.disconnect();
  }
}
