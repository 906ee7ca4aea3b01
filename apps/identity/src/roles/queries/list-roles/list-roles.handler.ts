import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, isSystemRole, toPage, type Page, type RoleResource } from '@steward/contracts';
import { SYSTEM_ROLE_RESOURCES, toRoleResource, type RoleRow } from '../../role.read-model';
import { ListRolesQuery } from './list-roles.query';

/**
 * The four system roles first (owner, admin, editor, viewer), then the organization's custom
 * roles newest first. The cursor is the id of the last role returned: a system role name
 * continues with the system roles after it, a custom role id with older custom roles (keyset,
 * so roles created meanwhile neither repeat nor shift the pages).
 */
@QueryHandler(ListRolesQuery)
export class ListRolesHandler implements IQueryHandler<ListRolesQuery, Page<RoleResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, page }: ListRolesQuery): Promise<Page<RoleResource>> {
    const after = page.cursor ? decodeCursor(page.cursor).k : undefined;
    const afterSystem = after !== undefined && isSystemRole(after);
    const system =
      after === undefined ? SYSTEM_ROLE_RESOURCES : afterSystem ? SYSTEM_ROLE_RESOURCES.slice(SYSTEM_ROLE_RESOURCES.findIndex((r) => r.id === after) + 1) : [];
    const wanted = page.limit + 1 - system.length;
    const rows: RoleRow[] =
      wanted > 0
        ? await this.dataSource.query(
            `SELECT * FROM roles WHERE org_id = $1 AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
            [orgId, afterSystem ? null : (after ?? null), wanted],
          )
        : [];
    const roles = [...system, ...rows.map(toRoleResource)].slice(0, page.limit + 1);
    return toPage(roles, page.limit, (r) => r.id, (r) => r);
  }
}
