import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { roleAssignments, sessions, users } from '../../db/schema/users.js';
import { ROLES } from '../../platform/roles.js';

export async function findUserByLogin(db: DbOrTx, login: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${login})`, eq(users.mobile, login)))
    .limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Who manages an account: holders of a role with `users.manage` at the account's home node or above it. */
export async function accountAdmins(db: DbOrTx, homeNodeId: number, exceptUserId: number): Promise<number[]> {
  const managing = ROLES.filter((r) => r.permissions.includes('users.manage')).map((r) => r.role);
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        inArray(roleAssignments.role, managing),
        sql`${orgNodes.path} @> (select path from org_nodes where id = ${homeNodeId})`,
        ne(roleAssignments.userId, exceptUserId),
        eq(users.disabled, false),
      ),
    )
    .limit(50);
  return rows.map((r) => r.userId);
}

export async function insertSession(
  db: DbOrTx,
  values: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  const [row] = await db.insert(sessions).values(values).returning({ id: sessions.id });
  return row!;
}

export async function nodesByIds(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: orgNodes.id,
      parentId: orgNodes.parentId,
      kind: orgNodes.kind,
      subkind: orgNodes.subkind,
      code: orgNodes.code,
      name: orgNodes.name,
      depth: orgNodes.depth,
      path: orgNodes.path,
    })
    .from(orgNodes)
    .where(inArray(orgNodes.id, ids));
}
