import type { Kafka } from 'kafkajs';
import { CONTEXTS, EVENT_SOURCED_CONTEXTS, eventsTopic, rpcReplyTopic, rpcTopic } from '@steward/contracts';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

/**
 * RPC messages carry whole pages and trees (a 10,000-node subtree is ~0.7 MiB of JSON): their
 * topics accept messages up to 8 MiB instead of the broker's 1 MiB default.
 */
const LARGE_MESSAGES = [{ name: 'max.message.bytes', value: String(8 * 1024 * 1024) }];

/** Every topic Steward uses, with its partition count. Created idempotently at start-up. */
export function stewardTopics(): TopicSpec[] {
  return [
    ...EVENT_SOURCED_CONTEXTS.map((c) => ({ topic: eventsTopic(c), numPartitions: 6 })),
    ...CONTEXTS.map((c) => ({ topic: rpcTopic(c), numPartitions: 6, configEntries: LARGE_MESSAGES })),
    ...CONTEXTS.map((c) => ({ topic: rpcReplyTopic(c), numPartitions: 3, configEntries: LARGE_MESSAGES })),
  ];
}

export async function ensureTopics(kafka: Kafka, specs: TopicSpec[] = stewardTopics()): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length) {
      // createTopics answers false (no error) when another process created them first.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.numPartitions, replicationFactor: -1, configEntries: s.configEntries })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
