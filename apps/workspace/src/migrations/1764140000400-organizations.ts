import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Organizations1764140000400 implements MigrationInterface {
  name = 'Organizations1764140000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id         text        PRIMARY KEY,
        name       text        NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version    integer     NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE organizations');
  }
}
