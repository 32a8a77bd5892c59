import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { OPEN_STATUSES, requestCategories, requestMeToo, requests } from '../../../db/schema/requests.js';

/** SQL for 我也遇到 (me too): the per-resident rows and the counter on the request, changed together. */

/** The community (社区/村/嘎查) a node lies in: the node itself or its nearest community ancestor. */
export async function communityOf(db: DbOrTx, nodeId: number): Promise<{ id: number; name: string; path: string } | undefined> {
  const [row] = await queryRows<{ id: number | string; name: string; path: string }>(
    db,
    sql`select c.id, c.name, c.path::text as path from org_nodes n join org_nodes c on c.path @> n.path
        where n.id = ${nodeId} and c.kind = 'community' order by nlevel(c.path) desc limit 1`,
  );
  return row ? { id: Number(row.id), name: row.name, path: row.path } : undefined;
}

/** Adds the caller's row; true when it was new (a second tap, or a concurrent one, adds nothing). */
export async function addMeToo(db: DbOrTx, requestId: number, userId: number, at: Date): Promise<boolean> {
  const inserted = await db.insert(requestMeToo).values({ requestId, userId, at }).onConflictDoNothing().returning({ id: requestMeToo.requestId });
  return inserted.length > 0;
}

export async function removeMeToo(db: DbOrTx, requestId: number, userId: number): Promise<boolean> {
  const deleted = await db
    .delete(requestMeToo)
    .where(and(eq(requestMeToo.requestId, requestId), eq(requestMeToo.userId, userId)))
    .returning({ id: requestMeToo.requestId });
  return deleted.length > 0;
}

export async function bumpCount(db: DbOrTx, requestId: number, delta: 1 | -1, at: Date): Promise<number> {
  const [row] = await db
    .update(requests)
    .set({ meTooCount: sql`${requests.meTooCount} + ${delta}`, updatedAt: at })
    .where(eq(requests.id, requestId))
    .returning({ n: requests.meTooCount });
  return row?.n ?? 0;
}

/** Which of these requests the user has said "me too" to. */
export async function meTooOf(db: DbOrTx, userId: number, requestIds: number[]): Promise<Set<number>> {
  if (requestIds.length === 0) return new Set();
  const rows = await db
    .select({ id: requestMeToo.requestId })
    .from(requestMeToo)
    .where(and(eq(requestMeToo.userId, userId), inArray(requestMeToo.requestId, requestIds)));
  return new Set(rows.map((r) => Number(r.id)));
}

const category = alias(requestCategories, 'category');
const parentCategory = alias(requestCategories, 'parent_category');
const building = alias(orgNodes, 'building');

/**
 * Category groups (top-level codes of the default tree) whose problems neighbours share: a broken light, a blocked
 * drain, a cold radiator. Requests about one person's affairs (elderly care, social security, certificates,
 * a business, a quarrel) never show to neighbours, nor do requests not yet classified.
 */
export const SHARED_GROUPS = ['roads', 'street_lights', 'drainage', 'utilities', 'heating', 'property', 'sanitation', 'safety', 'pastoral'];
const shared = sql`coalesce(${parentCategory.code}, ${category.code}) in (${sql.join(
  SHARED_GROUPS.map((g) => sql`${g}`),
  sql`, `,
)})`;

/**
 * What a neighbour may see of an open request: category, place (building, else the grid or community it belongs
 * to), status, when, how many said "me too". Never the reporter, the text or the address.
 */
const publicFields = {
  id: requests.id,
  status: requests.status,
  receivedAt: requests.receivedAt,
  meTooCount: requests.meTooCount,
  reporterUserId: requests.reporterUserId,
  createdBy: requests.createdBy,
  categoryName: category.name,
  categoryNameEn: category.nameEn,
  buildingName: building.name,
  nodeName: orgNodes.name,
};

function selectPublic(db: DbOrTx) {
  return db
    .select(publicFields)
    .from(requests)
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .innerJoin(category, eq(category.id, requests.categoryId))
    .leftJoin(parentCategory, eq(parentCategory.id, category.parentId))
    .leftJoin(building, eq(building.id, requests.buildingNodeId));
}

export type PublicRow = Awaited<ReturnType<typeof openInCommunity>>[number];

/** Open requests of a community about shared problems, most "me too" first then newest. */
export async function openInCommunity(db: DbOrTx, communityPath: string, limit: number) {
  return selectPublic(db)
    .where(and(inArray(requests.status, [...OPEN_STATUSES]), sql`${orgNodes.path} <@ ${communityPath}::ltree`, shared))
    .orderBy(desc(requests.meTooCount), desc(requests.receivedAt), desc(requests.id))
    .limit(limit);
}

/** The same fields for given ids (still open, still in the community), in no order. */
export async function openByIds(db: DbOrTx, communityPath: string, ids: number[]) {
  if (ids.length === 0) return [];
  return selectPublic(db).where(
    and(inArray(requests.id, ids), inArray(requests.status, [...OPEN_STATUSES]), sql`${orgNodes.path} <@ ${communityPath}::ltree`, shared),
  );
}

/** Whether a request is about a shared problem (see SHARED_GROUPS): only those take "me too". */
export async function isShared(db: DbOrTx, requestId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: requests.id })
    .from(requests)
    .innerJoin(category, eq(category.id, requests.categoryId))
    .leftJoin(parentCategory, eq(parentCategory.id, category.parentId))
    .where(and(eq(requests.id, requestId), shared));
  return row !== undefined;
}
