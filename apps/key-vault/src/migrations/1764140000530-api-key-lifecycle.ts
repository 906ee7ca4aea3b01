import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the key lifecycle needs: the previous secret's hash during a rotation's grace, the
 * delivery mode and when a provisioned secret was retrieved, and `key_secrets` — the encrypted
 * secret of a `deliver: "retrieval"` key until its one retrieval (an opaque blob the gateway
 * produced; key-vault never holds the key that opens it).
 */
export class ApiKeyLifecycle1764140000530 implements MigrationInterface {
  name = 'ApiKeyLifecycle1764140000530';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_keys
        ADD COLUMN previous_secret_hash text,
        ADD COLUMN previous_valid_until timestamptz,
        ADD COLUMN deliver              text NOT NULL DEFAULT 'response',
        ADD COLUMN secret_retrieved_at  timestamptz`);
    // A presented secret is looked up as the current or the previous one of a key.
    await q.query(`CREATE UNIQUE INDEX api_keys_previous_secret_hash ON api_keys (previous_secret_hash) WHERE previous_secret_hash IS NOT NULL`);
    // The expiry sweep: active keys with an expiry, soonest first.
    await q.query(`CREATE INDEX api_keys_active_expires_at ON api_keys (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL`);
    // List filter by workspace, newest first (by destination: api_keys_org_destination_id_desc).
    await q.query(`CREATE INDEX api_keys_org_workspace_id_desc ON api_keys (org_id, workspace_id, id DESC) WHERE workspace_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE key_secrets (
        key_id     text        PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
        ciphertext text        NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE key_secrets');
    await q.query('DROP INDEX api_keys_org_workspace_id_desc');
    await q.query('DROP INDEX api_keys_active_expires_at');
    await q.query('DROP INDEX api_keys_previous_secret_hash');
    await q.query(`
      ALTER TABLE api_keys
        DROP COLUMN secret_retrieved_at,
        DROP COLUMN deliver,
        DROP COLUMN previous_valid_until,
        DROP COLUMN previous_secret_hash`);
  }
}
