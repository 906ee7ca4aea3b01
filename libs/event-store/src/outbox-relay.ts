import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { OUTBOX_CHANNEL } from './event-store.schema';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_id: string;
  payload: { type: string; id: string; traceparent?: string };
}

interface OutboxMessage {
  topic: string;
  message: { key: string; value: string; headers: Record<string, string> };
}

export interface OutboxRelayOptions {
  /** Rows read per round. */
  batchSize?: number;
  /**
   * Most bytes sent in one `sendBatch`. kafkajs puts a partition's messages of one send into one
   * record batch, and the broker refuses a batch over `message.max.bytes` (1 MiB by default):
   * a few large events (template contents) of one aggregate in one send would be refused again
   * on every retry. A single event is sent alone, however large.
   */
  maxSendBytes?: number;
  /** Poll interval when no NOTIFY arrives (a safety net, e.g. after a lost notification). */
  pollMs?: number;
  onError?: (error: unknown) => void;
  onPublished?: (count: number) => void;
}

/**
 * Publishes committed outbox rows to Kafka in id order (so in commit order per aggregate), keyed
 * by aggregate id, with an idempotent producer, then deletes them. One relay per database
 * publishes at a time (a session advisory lock): parallel relays could reorder a stream.
 *
 * A crash after the send and before the delete republishes those rows on restart: delivery is
 * at-least-once, and consumers are idempotent by event id. Nothing committed is lost.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private lockClient?: PoolClient;
  private wake?: () => void;
  private readonly batchSize: number;
  private readonly maxSendBytes: number;
  private readonly pollMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly lockKey: string,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxSendBytes = options.maxSendBytes ?? 768 * 1024;
    this.pollMs = options.pollMs ?? 500;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes everything pending now; returns how many rows went out. Used by the loop and tests. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: OutboxRow[] = await this.dataSource.query(
        `SELECT id, topic, message_key, event_id, payload FROM outbox ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return total;
      // In id order, one send after the other: the idempotent producer keeps them in order.
      for (const send of this.sends(rows)) {
        const byTopic = new Map<string, OutboxMessage[]>();
        for (const message of send) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages: messages.map((m) => m.message) })),
        });
      }
      await this.dataSource.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      total += rows.length;
      this.options.onPublished?.(rows.length);
      if (rows.length < this.batchSize) return total;
    }
  }

  /** The rows as Kafka messages, cut into consecutive sends of at most `maxSendBytes` each. */
  private sends(rows: OutboxRow[]): OutboxMessage[][] {
    const sends: OutboxMessage[][] = [];
    let current: OutboxMessage[] = [];
    let bytes = 0;
    for (const row of rows) {
      const value = JSON.stringify(row.payload);
      const headers: Record<string, string> = { 'ce_type': row.payload.type, 'ce_id': row.event_id, 'content-type': 'application/cloudevents+json' };
      // The trace travels as a header too, for tools that read headers only (CloudEvents Kafka binding).
      if (row.payload.traceparent) headers.traceparent = row.payload.traceparent;
      const message = { key: row.message_key, value, headers };
      // The value, the key and the headers, plus a record's framing.
      const size = Buffer.byteLength(value) + Buffer.byteLength(row.message_key) + 200;
      if (current.length > 0 && bytes + size > this.maxSendBytes) {
        sends.push(current);
        current = [];
        bytes = 0;
      }
      current.push({ topic: row.topic, message });
      bytes += size;
    }
    if (current.length > 0) sends.push(current);
    return sends;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.acquireLeadership())) {
          await this.sleep(1000);
          continue;
        }
        await this.publishPending();
        await this.sleep(this.pollMs);
      } catch (error) {
        this.options.onError?.(error);
        await this.releaseLeadership();
        await this.sleep(1000);
      }
    }
    await this.releaseLeadership();
  }

  private async acquireLeadership(): Promise<boolean> {
    if (this.lockClient) return true;
    const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
    const client = await pool.connect();
    try {
      const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey])).rows as { locked: boolean }[];
      if (!locked) {
        client.release();
        return false;
      }
      client.on('notification', () => this.wake?.());
      client.on('error', (error) => this.options.onError?.(error));
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.lockClient = client;
      return true;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private async releaseLeadership(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = undefined;
    if (!client) return;
    // Destroying the connection ends the session, which releases the lock and the LISTEN.
    client.removeAllListeners('notification');
    client.release(true);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * The relay's backlog: rows committed and not yet published (the relay deletes a row once Kafka
 * has acknowledged it), and how long the oldest has waited. For the metrics.
 */
export async function outboxBacklog(dataSource: DataSource): Promise<{ rows: number; oldestSeconds: number }> {
  const [row]: { rows: number; oldest: number }[] = await dataSource.query(
    `SELECT count(*)::int AS rows, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest FROM outbox`,
  );
  return { rows: Number(row?.rows ?? 0), oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}
