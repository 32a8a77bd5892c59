import { and, desc, eq, gte, inArray, isNotNull, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { requestCategories, requests } from '../../../db/schema/requests.js';
import { inSubtrees } from '../../../platform/access.js';

const parent = alias(requestCategories, 'parent_category');
const owner = alias(orgNodes, 'owner_node');

/**
 * Leaf categories in use at a node: the defaults and those of the node's ancestors, a node's own category shadowing
 * a default with the same code (the deepest wins), each with its parent's name and keywords.
 */
export async function leafCategoriesAt(db: DbOrTx, pathIds: number[]) {
  const rows = await db
    .select({
      id: requestCategories.id,
      code: requestCategories.code,
      name: requestCategories.name,
      nameEn: requestCategories.nameEn,
      keywords: requestCategories.keywords,
      sortOrder: requestCategories.sortOrder,
      depth: owner.depth,
      parentName: parent.name,
      parentNameEn: parent.nameEn,
      parentKeywords: parent.keywords,
      parentSortOrder: parent.sortOrder,
    })
    .from(requestCategories)
    .leftJoin(parent, eq(parent.id, requestCategories.parentId))
    .leftJoin(owner, eq(owner.id, requestCategories.orgNodeId))
    .where(
      and(
        eq(requestCategories.active, true),
        or(isNull(requestCategories.orgNodeId), inArray(requestCategories.orgNodeId, pathIds.length ? pathIds : [0])),
        sql`not exists (select 1 from request_categories child where child.parent_id = ${requestCategories.id})`,
      ),
    );
  const byCode = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = byCode.get(row.code);
    if (!seen || (row.depth ?? -1) > (seen.depth ?? -1)) byCode.set(row.code, row);
  }
  return [...byCode.values()].sort(
    (a, b) => (a.parentSortOrder ?? a.sortOrder) - (b.parentSortOrder ?? b.sortOrder) || a.sortOrder - b.sortOrder || a.id - b.id,
  );
}

/** The kinds of the nodes on a path (to find the community a request belongs to). */
export async function kindsOf(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db.select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path }).from(orgNodes).where(inArray(orgNodes.id, ids));
}

/** The newest categorized requests under a node: what its dispatchers decided (bounded; rejected ones left out). */
export async function categorizedHistory(db: DbOrTx, underPath: string, excludeId: number, limit: number) {
  return db
    .select({ categoryId: requests.categoryId, title: requests.title, content: requests.content })
    .from(requests)
    .where(
      and(
        sql`${requests.orgNodeId} in (select n.id from ${orgNodes} n where n.path <@ ${underPath}::ltree)`,
        isNotNull(requests.categoryId),
        ne(requests.id, excludeId),
        ne(requests.status, 'rejected'),
      ),
    )
    .orderBy(desc(requests.receivedAt))
    .limit(limit) as Promise<{ categoryId: number; title: string; content: string }[]>;
}

export interface NearbyQuery {
  excludeId: number;
  categoryId: number;
  since: Date;
  /** Requests the caller may read. */
  scopePaths: string[];
  /** A bounding box around the point (prefilter; the exact distance is computed after), or the same building. */
  box?: { minLng: number; maxLng: number; minLat: number; maxLat: number };
  buildingNodeId?: number;
  limit: number;
}

/** Open or finished requests of the category near a place in the window, newest first (merged and rejected left out). */
export async function nearbyRequests(db: DbOrTx, q: NearbyQuery) {
  const place: SQL = q.box
    ? sql`${requests.lng} between ${q.box.minLng} and ${q.box.maxLng} and ${requests.lat} between ${q.box.minLat} and ${q.box.maxLat}`
    : eq(requests.buildingNodeId, q.buildingNodeId ?? -1);
  return db
    .select({
      id: requests.id,
      number: requests.number,
      title: requests.title,
      content: requests.content,
      status: requests.status,
      receivedAt: requests.receivedAt,
      lng: requests.lng,
      lat: requests.lat,
    })
    .from(requests)
    .where(
      and(
        eq(requests.categoryId, q.categoryId),
        gte(requests.receivedAt, q.since),
        ne(requests.id, q.excludeId),
        notInArray(requests.status, ['merged', 'rejected']),
        place,
        sql`${requests.orgNodeId} in (select n.id from ${orgNodes} n where ${inSubtrees(sql`n.path`, q.scopePaths)})`,
      ),
    )
    .orderBy(desc(requests.receivedAt))
    .limit(q.limit);
}
