import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per event of every event-sourced context, written by the audit
 * projection. `event_id` is unique, so an event can never have two entries.
 */
export class AuditEntries1764140000200 implements MigrationInterface {
  name = 'AuditEntries1764140000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        id           text        PRIMARY KEY,
        org_id       text        NOT NULL,
        action       text        NOT NULL,
        actor_type   text        NOT NULL,
        actor_id     text        NOT NULL,
        target_type  text        NOT NULL,
        target_id    text        NOT NULL,
        workspace_id text,
        request_id   text,
        ip           text,
        user_agent   text,
        changes      jsonb       NOT NULL DEFAULT '{}',
        occurred_at  timestamptz NOT NULL,
        event_id     text        NOT NULL,
        event_type   text        NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_entries_event_id_unique UNIQUE (event_id)
      )`);
    // The list query: newest first by (occurred_at, id) within an organization, optionally filtered.
    await q.query(`CREATE INDEX audit_entries_org_time ON audit_entries (org_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_action_time ON audit_entries (org_id, action, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_actor_time ON audit_entries (org_id, actor_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_target_time ON audit_entries (org_id, target_id, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_entries');
  }
}
