import type { Consumer, Producer } from 'kafkajs';

/**
 * The Kafka consumers and producers this process runs and whether each is connected, for its
 * readiness check (`/health/ready`). A consumer is up once it has joined its group and until it
 * crashes, stops or disconnects (a crash kafkajs restarts from makes it up again when it
 * rejoins); a producer is up between connect and disconnect.
 */
export type KafkaClientState = 'up' | 'down';

const clients = new Map<string, KafkaClientState>();

function set(name: string, state: KafkaClientState): void {
  if (clients.has(name)) clients.set(name, state);
}

/** Watches a consumer under a name unique in the process; returns the function that forgets it. */
export function watchConsumer(name: string, consumer: Consumer, initial: KafkaClientState = 'down'): () => void {
  clients.set(name, initial);
  const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = consumer.events;
  const removers = [
    consumer.on(GROUP_JOIN, () => set(name, 'up')),
    consumer.on(CRASH, () => set(name, 'down')),
    consumer.on(STOP, () => set(name, 'down')),
    consumer.on(DISCONNECT, () => set(name, 'down')),
  ];
  return () => {
    removers.forEach((remove) => remove());
    clients.delete(name);
  };
}

/** Watches a producer under a name unique in the process; returns the function that forgets it. */
export function watchProducer(name: string, producer: Producer, initial: KafkaClientState = 'down'): () => void {
  clients.set(name, initial);
  const removers = [producer.on(producer.events.CONNECT, () => set(name, 'up')), producer.on(producer.events.DISCONNECT, () => set(name, 'down'))];
  return () => {
    removers.forEach((remove) => remove());
    clients.delete(name);
  };
}

/** Every watched client of the process by name. */
export function kafkaClientStates(): Record<string, KafkaClientState> {
  return Object.fromEntries(clients);
}
