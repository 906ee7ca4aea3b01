import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A template's `content` is returned as it was sent, key order included: `json` keeps the text
 * written (compact JSON from the projection), where `jsonb` would reorder keys.
 */
export class TemplateContentJson1764140000460 implements MigrationInterface {
  name = 'TemplateContentJson1764140000460';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE templates ALTER COLUMN content TYPE json USING content::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE templates ALTER COLUMN content TYPE jsonb USING content::jsonb`);
  }
}
