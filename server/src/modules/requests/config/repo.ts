import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { requestCategories, requestTimeLimits, type RequestPriority } from '../../../db/schema/requests.js';
import type { LimitRow } from '../deadlines/compute.js';

export type CategoryRow = typeof requestCategories.$inferSelect;
export type TimeLimitRow = typeof requestTimeLimits.$inferSelect;

/** Categories usable at a node: the defaults and those set at the node or its ancestors (ids of the path). */
function visibleAt(pathIds: number[]): SQL {
  return or(isNull(requestCategories.orgNodeId), inArray(requestCategories.orgNodeId, pathIds))!;
}

export async function categoriesAt(db: DbOrTx, pathIds: number[], includeInactive: boolean): Promise<CategoryRow[]> {
  const conditions = [visibleAt(pathIds)];
  if (!includeInactive) conditions.push(eq(requestCategories.active, true));
  return db
    .select()
    .from(requestCategories)
    .where(and(...conditions))
    .orderBy(asc(requestCategories.sortOrder), asc(requestCategories.id));
}

export async function findCategory(db: DbOrTx, id: number): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(requestCategories).where(eq(requestCategories.id, id));
  return row;
}

/** A category usable at a node, by id or by code (the Open311 service code), with whether it has children. */
export async function findUsableCategory(db: DbOrTx, pathIds: number[], by: { id?: number; code?: string }) {
  const conditions = [visibleAt(pathIds)];
  if (by.id !== undefined) conditions.push(eq(requestCategories.id, by.id));
  if (by.code !== undefined) conditions.push(eq(requestCategories.code, by.code));
  const rows = await db
    .select({
      category: requestCategories,
      hasChildren: sql<boolean>`exists (select 1 from request_categories c where c.parent_id = ${requestCategories.id})`,
    })
    .from(requestCategories)
    .leftJoin(orgNodes, eq(orgNodes.id, requestCategories.orgNodeId))
    .where(and(...conditions))
    // A node's own category shadows a default with the same code; the deepest wins.
    .orderBy(sql`${orgNodes.depth} desc nulls last`);
  return rows[0];
}

/** Codes already used by categories visible at the node or defined in its subtree (Open311 service codes stay unique). */
export async function codeTaken(db: DbOrTx, pathIds: number[], nodePath: string, code: string): Promise<boolean> {
  const [row] = await db
    .select({ id: requestCategories.id })
    .from(requestCategories)
    .leftJoin(orgNodes, eq(orgNodes.id, requestCategories.orgNodeId))
    .where(and(eq(requestCategories.code, code), or(visibleAt(pathIds), sql`${orgNodes.path} <@ ${nodePath}::ltree`)))
    .limit(1);
  return row !== undefined;
}

export async function insertCategory(db: DbOrTx, row: typeof requestCategories.$inferInsert): Promise<CategoryRow> {
  const [inserted] = await db.insert(requestCategories).values(row).returning();
  return inserted!;
}

export async function updateCategory(db: DbOrTx, id: number, patch: Partial<typeof requestCategories.$inferInsert>): Promise<CategoryRow> {
  const [row] = await db.update(requestCategories).set(patch).where(eq(requestCategories.id, id)).returning();
  return row!;
}

/**
 * The limit rows that may apply to a request: set at the node or an ancestor, for this priority, and for the
 * category, its parent, or any category.
 */
export async function limitRowsFor(
  db: DbOrTx,
  pathIds: number[],
  priority: RequestPriority,
  categoryId: number | null,
  parentCategoryId: number | null,
): Promise<LimitRow[]> {
  const categoryIds = [categoryId, parentCategoryId].filter((c): c is number => c !== null);
  const rows = await db
    .select({ limit: requestTimeLimits, nodeDepth: orgNodes.depth })
    .from(requestTimeLimits)
    .innerJoin(orgNodes, eq(orgNodes.id, requestTimeLimits.orgNodeId))
    .where(
      and(
        inArray(requestTimeLimits.orgNodeId, pathIds),
        eq(requestTimeLimits.priority, priority),
        categoryIds.length
          ? or(isNull(requestTimeLimits.categoryId), inArray(requestTimeLimits.categoryId, categoryIds))
          : isNull(requestTimeLimits.categoryId),
      ),
    );
  return rows.map(({ limit, nodeDepth }) => ({
    nodeDepth,
    categoryRank: limit.categoryId === null ? 0 : limit.categoryId === categoryId ? 2 : 1,
    responseAmount: limit.responseAmount,
    responseUnit: limit.responseUnit,
    resolutionAmount: limit.resolutionAmount,
    resolutionUnit: limit.resolutionUnit,
    onSiteAmount: limit.onSiteAmount,
    onSiteUnit: limit.onSiteUnit,
  }));
}

/** Rows set at the node and its ancestors, with the node they were set at. */
export async function limitRowsOnPath(db: DbOrTx, pathIds: number[]) {
  return db
    .select({ limit: requestTimeLimits, nodeName: orgNodes.name, nodeDepth: orgNodes.depth })
    .from(requestTimeLimits)
    .innerJoin(orgNodes, eq(orgNodes.id, requestTimeLimits.orgNodeId))
    .where(inArray(requestTimeLimits.orgNodeId, pathIds))
    .orderBy(asc(orgNodes.depth), asc(requestTimeLimits.priority), sql`${requestTimeLimits.categoryId} nulls first`);
}

export async function findTimeLimit(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ limit: requestTimeLimits, nodePath: orgNodes.path })
    .from(requestTimeLimits)
    .innerJoin(orgNodes, eq(orgNodes.id, requestTimeLimits.orgNodeId))
    .where(eq(requestTimeLimits.id, id));
  return row;
}

/** Insert or replace the row for (node, category, priority) — one statement, so two admins saving at once cannot collide. */
export async function upsertTimeLimit(db: DbOrTx, row: Omit<typeof requestTimeLimits.$inferInsert, 'id'>): Promise<TimeLimitRow> {
  const [saved] = await queryRows<{ id: number }>(
    db,
    sql`insert into request_time_limits
          (org_node_id, category_id, priority, response_amount, response_unit, resolution_amount, resolution_unit,
           on_site_amount, on_site_unit, updated_by, updated_at)
        values (${row.orgNodeId}, ${row.categoryId ?? null}, ${row.priority}, ${row.responseAmount}, ${row.responseUnit},
                ${row.resolutionAmount}, ${row.resolutionUnit}, ${row.onSiteAmount ?? null}, ${row.onSiteUnit ?? null},
                ${row.updatedBy ?? null}, ${row.updatedAt})
        on conflict (org_node_id, coalesce(category_id, 0), priority) do update set
          response_amount = excluded.response_amount, response_unit = excluded.response_unit,
          resolution_amount = excluded.resolution_amount, resolution_unit = excluded.resolution_unit,
          on_site_amount = excluded.on_site_amount, on_site_unit = excluded.on_site_unit,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at
        returning id`,
  );
  const [out] = await db
    .select()
    .from(requestTimeLimits)
    .where(eq(requestTimeLimits.id, Number(saved!.id)));
  return out!;
}

export async function deleteTimeLimit(db: DbOrTx, id: number): Promise<void> {
  await db.delete(requestTimeLimits).where(eq(requestTimeLimits.id, id));
}
