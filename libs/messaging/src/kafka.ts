import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

/**
 * The one place Kafka clients are configured (kafkajs today; a kafkajs-compatible client such as
 * @confluentinc/kafka-javascript could replace it here alone).
 */
// kafkajs v2 prints a partitioner notice on every producer; we use its default partitioner knowingly.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** kafkajs log lines as one-line JSON on stderr, at WARN and above. */
function jsonLogCreator() {
  return ({ namespace, level, label, log }: LogEntry) => {
    const { message, ...extra } = log;
    process.stderr.write(
      `${JSON.stringify({ level: label.toLowerCase(), time: Date.now(), component: `kafkajs.${namespace}`, msg: message, kafka_level: level, ...extra })}\n`,
    );
  };
}

export function kafkaClientConfig(clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3000,
    requestTimeout: 10000,
    logLevel: logLevel.WARN,
    logCreator: jsonLogCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

export function createKafka(clientId: string): Kafka {
  return new Kafka(kafkaClientConfig(clientId));
}

/**
 * Consumer settings that keep rebalances short (see docs/architecture.md: a restarted consumer
 * must not wait 30–40 s to rejoin).
 */
export const CONSUMER_TIMEOUTS = { sessionTimeout: 6000, heartbeatInterval: 2000, rebalanceTimeout: 10000 } as const;
