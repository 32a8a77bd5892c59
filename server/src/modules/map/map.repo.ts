import { and, asc, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';

/**
 * Outlines (grids, buildings) in a subtree, grids first and shallow before deep, at most `limit` + 1 rows so the
 * caller can tell the answer was cut.
 */
export async function outlinesUnder(db: DbOrTx, path: string, limit: number) {
  return db
    .select({
      id: orgNodes.id,
      parentId: orgNodes.parentId,
      kind: orgNodes.kind,
      name: orgNodes.name,
      depth: orgNodes.depth,
      polygon: orgNodes.polygon,
      minLng: orgNodes.minLng,
      minLat: orgNodes.minLat,
      maxLng: orgNodes.maxLng,
      maxLat: orgNodes.maxLat,
    })
    .from(orgNodes)
    .where(and(sql`${orgNodes.path} <@ ${path}::ltree`, inArray(orgNodes.kind, ['grid', 'building']), isNotNull(orgNodes.polygon)))
    .orderBy(sql`case ${orgNodes.kind} when 'grid' then 0 else 1 end`, asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id))
    .limit(limit + 1);
}
