import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public event feed: every event of every event-sourced context as `GET /v1/events` shows
 * it (without internal fields: `publicEvent`), written by the event-feed projection. `position`
 * is the order the feed received events in ("oldest first"); `event_id` is unique, so an event
 * is in the feed once. `event` is `json`, not `jsonb`: the event as published, key order kept.
 */
export class EventFeed1764140000250 implements MigrationInterface {
  name = 'EventFeed1764140000250';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_feed (
        position    bigserial   PRIMARY KEY,
        event_id    text        NOT NULL,
        org_id      text        NOT NULL,
        type        text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        event       json        NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_feed_event_id_unique UNIQUE (event_id)
      )`);
    // The list query: an organization's events in feed order, optionally of some types.
    await q.query(`CREATE INDEX event_feed_org_position ON event_feed (org_id, position)`);
    await q.query(`CREATE INDEX event_feed_org_type_position ON event_feed (org_id, type, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_feed');
  }
}
