import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { communityJoinCodes } from '../../db/schema/accounts.js';
import { orgNodes } from '../../db/schema/org.js';
import { persons } from '../../db/schema/registry.js';
import { roleAssignments, users } from '../../db/schema/users.js';

export const JOINABLE_KINDS = ['community', 'building', 'unit'] as const;

const nodeColumns = { id: orgNodes.id, parentId: orgNodes.parentId, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path };
export type NodeRow = { id: number; parentId: number | null; kind: string; name: string; path: string };

export async function findNode(db: DbOrTx, id: number): Promise<NodeRow | undefined> {
  const [row] = await db.select(nodeColumns).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return row;
}

/** The node and every node above it, top first. */
export async function ancestry(db: DbOrTx, path: string): Promise<NodeRow[]> {
  return db
    .select(nodeColumns)
    .from(orgNodes)
    .where(sql`${orgNodes.path} @> ${path}::ltree`)
    .orderBy(asc(orgNodes.depth));
}

/** Communities with at least one building below them, with their town; filtered by name or pinyin. */
export async function joinableCommunities(db: DbOrTx, q: string | undefined, limit: number) {
  const town = alias(orgNodes, 'town');
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, townId: town.id, townName: town.name })
    .from(orgNodes)
    .leftJoin(town, eq(town.id, orgNodes.parentId))
    .where(
      and(
        eq(orgNodes.kind, 'community'),
        sql`exists (select 1 from org_nodes b where b.kind = 'building' and b.path <@ ${orgNodes.path})`,
        like
          ? or(ilike(orgNodes.name, like), ilike(orgNodes.namePinyin, like), ilike(orgNodes.nameInitials, like), ilike(town.name, like))
          : undefined,
      ),
    )
    .orderBy(asc(town.name), asc(orgNodes.sortOrder), asc(orgNodes.name))
    .limit(limit);
}

/** A community's buildings (through its grids), or a building's units. */
export async function placesUnder(db: DbOrTx, node: NodeRow) {
  const kind = node.kind === 'community' ? 'building' : 'unit';
  return db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, kind), sql`${orgNodes.path} <@ ${node.path}::ltree`, sql`${orgNodes.path} <> ${node.path}::ltree`))
    .orderBy(asc(orgNodes.sortOrder), sql`length(${orgNodes.name})`, asc(orgNodes.name))
    .limit(500);
}

export async function joinCodeOf(db: DbOrTx, communityId: number) {
  const [row] = await db.select().from(communityJoinCodes).where(eq(communityJoinCodes.communityId, communityId)).limit(1);
  return row;
}

export async function communityByJoinCode(db: DbOrTx, code: string) {
  const [row] = await db.select({ communityId: communityJoinCodes.communityId }).from(communityJoinCodes).where(eq(communityJoinCodes.code, code)).limit(1);
  return row?.communityId;
}

export async function saveJoinCode(db: DbOrTx, values: { communityId: number; code: string; createdBy: number; createdAt: Date }) {
  await db
    .insert(communityJoinCodes)
    .values(values)
    .onConflictDoUpdate({ target: communityJoinCodes.communityId, set: { code: values.code, createdBy: values.createdBy, createdAt: values.createdAt } });
}

export async function lockUser(db: DbOrTx, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1).for('update');
  return row;
}

export async function residentRoles(db: DbOrTx, userId: number) {
  return db
    .select({ id: roleAssignments.id, role: roleAssignments.role, orgNodeId: roleAssignments.orgNodeId, path: orgNodes.path })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(eq(roleAssignments.userId, userId));
}

export async function deleteRoles(db: DbOrTx, ids: number[]) {
  if (ids.length) await db.delete(roleAssignments).where(inArray(roleAssignments.id, ids));
}

export async function insertResidentRole(db: DbOrTx, values: { userId: number; orgNodeId: number; grantedBy: number | null; createdAt: Date }) {
  const [row] = await db.insert(roleAssignments).values({ ...values, role: 'resident' }).returning({ id: roleAssignments.id });
  return row!.id;
}

export async function setHomeNode(db: DbOrTx, userId: number, homeNodeId: number, now: Date) {
  await db.update(users).set({ homeNodeId, updatedAt: now }).where(eq(users.id, userId));
}

/** Drop the account's link to a registry person; the person's id when there was one. */
export async function unlinkPerson(db: DbOrTx, userId: number, now: Date): Promise<number | null> {
  const rows = await db.update(persons).set({ userId: null, updatedAt: now }).where(eq(persons.userId, userId)).returning({ id: persons.id });
  return rows[0]?.id ?? null;
}
