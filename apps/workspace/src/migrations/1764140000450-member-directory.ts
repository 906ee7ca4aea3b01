import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Memberships and the users directory replica: a deleted user stays in `directory_users` as a
 * tombstone (`deleted_at`), so a membership that arrives after the deletion (events of another
 * partition) is not added; members are listed newest first from their own index.
 */
export class MemberDirectory1764140000450 implements MigrationInterface {
  name = 'MemberDirectory1764140000450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE directory_users ADD COLUMN deleted_at timestamptz`);
    await q.query(`CREATE INDEX workspace_members_newest ON workspace_members (workspace_id, joined_at DESC, user_id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX workspace_members_newest');
    await q.query('ALTER TABLE directory_users DROP COLUMN deleted_at');
  }
}
