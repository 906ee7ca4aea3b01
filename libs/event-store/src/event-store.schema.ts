import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the event store, the outbox and the idempotent-consumer ledger. Every service
 * that appends events or runs a projection lists this migration before its own.
 */
export class EventStoreSchema1764140000000 implements MigrationInterface {
  name = 'EventStoreSchema1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS events (
        global_position bigserial PRIMARY KEY,
        event_id        text        NOT NULL UNIQUE,
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL,
        type            text        NOT NULL,
        data_version    integer     NOT NULL,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        occurred_at     timestamptz NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id         bigserial   PRIMARY KEY,
        event_id   text        NOT NULL,
        topic      text        NOT NULL,
        message_key text       NOT NULL,
        payload    jsonb       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS processed_events (
        consumer     text        NOT NULL,
        event_id     text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS processed_events');
    await q.query('DROP TABLE IF EXISTS outbox');
    await q.query('DROP TABLE IF EXISTS events');
  }
}

/** Channel the appender NOTIFYs on commit so the relay publishes without polling delay. */
export const OUTBOX_CHANNEL = 'steward_outbox';
