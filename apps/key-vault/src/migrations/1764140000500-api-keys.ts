import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1764140000500 implements MigrationInterface {
  name = 'ApiKeys1764140000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id                    text        PRIMARY KEY,
        org_id                text        NOT NULL,
        name                  text        NOT NULL,
        prefix                text        NOT NULL,
        secret_hash           text        NOT NULL UNIQUE,
        scopes                jsonb       NOT NULL,
        workspace_id          text,
        destination_id        text,
        status                text        NOT NULL,
        expires_at            timestamptz,
        rate_limit_per_minute integer,
        created_by            text        NOT NULL,
        created_at            timestamptz NOT NULL,
        last_used_at          timestamptz,
        version               integer     NOT NULL
      )`);
    await q.query(`CREATE INDEX api_keys_org_id_desc ON api_keys (org_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_keys');
  }
}
