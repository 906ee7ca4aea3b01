import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's integrity chain, retention anchors and filter indexes.
 *
 * - Entry ids derive from their event id (`evt_X` → `aud_X`), so replaying the events (a
 *   rebuild) gives every entry the same id again. Existing rows are renamed accordingly.
 * - `content_hash` = `audit_content_hash(<content columns>)`: SHA-256 over the canonical jsonb
 *   text of the entry's content, computed by this one IMMUTABLE SQL function wherever it is
 *   computed (on insert and in verify), so key order and number or time formatting never differ.
 *   It is a plain column, not a generated one: an edited row keeps its old hash, which is how
 *   verify notices the edit.
 * - `hash` = `audit_chain_hash(prev_hash, content_hash)` = sha256(prev_hash || content_hash),
 *   `prev_hash` = the previous entry's `hash` in the organization's chain order
 *   `(occurred_at, id)`; the first entry's is the organization's retention anchor
 *   (`audit_anchors`, the hash of the last purged entry) or 64 zeros.
 * - Indexes `(org_id, <filter>, occurred_at DESC, id DESC)` serve every filtered list page and
 *   the chain walk; `(occurred_at, id)` serves the retention purge across organizations.
 */
export class AuditChain1764140000210 implements MigrationInterface {
  name = 'AuditChain1764140000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_content_hash(
        id text, org_id text, action text, actor_type text, actor_id text, target_type text, target_id text,
        workspace_id text, request_id text, ip text, user_agent text, changes jsonb, occurred_at timestamptz,
        event_id text, event_type text
      ) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_object(
          'id', id, 'org_id', org_id, 'action', action, 'actor_type', actor_type, 'actor_id', actor_id,
          'target_type', target_type, 'target_id', target_id, 'workspace_id', workspace_id,
          'request_id', request_id, 'ip', ip, 'user_agent', user_agent, 'changes', changes,
          -- UTC text at millisecond precision: independent of the session's TimeZone and DateStyle.
          'occurred_at', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'event_id', event_id, 'event_type', event_type
        )::text, 'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION audit_chain_hash(prev_hash text, content_hash text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(prev_hash || content_hash, 'UTF8')), 'hex')
      $$`);

    await q.query(`ALTER TABLE audit_entries ADD COLUMN content_hash text, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    // Entries written before this migration: stable ids, then their content hashes and chains.
    await q.query(`UPDATE audit_entries SET id = 'aud_' || substr(event_id, 5) WHERE event_id LIKE 'evt\\_%'`);
    await q.query(`
      UPDATE audit_entries SET content_hash = audit_content_hash(id, org_id, action, actor_type, actor_id, target_type,
        target_id, workspace_id, request_id, ip, user_agent, changes, occurred_at, event_id, event_type)`);
    await q.query(`
      DO $$
      DECLARE
        r record;
        previous text;
        current_org text;
      BEGIN
        FOR r IN SELECT id, org_id, content_hash FROM audit_entries ORDER BY org_id, occurred_at, id LOOP
          IF current_org IS DISTINCT FROM r.org_id THEN
            previous := repeat('0', 64);
            current_org := r.org_id;
          END IF;
          UPDATE audit_entries SET prev_hash = previous, hash = audit_chain_hash(previous, r.content_hash)
          WHERE id = r.id RETURNING hash INTO previous;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN content_hash SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);

    await q.query(`
      CREATE TABLE audit_anchors (
        org_id      text        PRIMARY KEY,
        hash        text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        entry_id    text        NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query('DROP INDEX audit_entries_org_action_time');
    await q.query('DROP INDEX audit_entries_org_actor_time');
    await q.query('DROP INDEX audit_entries_org_target_time');
    await q.query(`CREATE INDEX audit_entries_org_action_time ON audit_entries (org_id, action, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_actor_time ON audit_entries (org_id, actor_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_target_time ON audit_entries (org_id, target_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_org_workspace_time ON audit_entries (org_id, workspace_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_entries_time ON audit_entries (occurred_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_entries_time');
    await q.query('DROP INDEX audit_entries_org_workspace_time');
    await q.query('DROP TABLE audit_anchors');
    await q.query('ALTER TABLE audit_entries DROP COLUMN content_hash, DROP COLUMN prev_hash, DROP COLUMN hash');
    await q.query('DROP FUNCTION audit_chain_hash(text, text)');
    await q.query(
      'DROP FUNCTION audit_content_hash(text, text, text, text, text, text, text, text, text, text, text, jsonb, timestamptz, text, text)',
    );
  }
}
