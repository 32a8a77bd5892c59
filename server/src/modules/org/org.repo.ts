import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { orgNodes, type OrgKind, type Polygon } from '../../db/schema/org.js';
import { pinyinKeys } from '../../platform/pinyin.js';

export interface NewOrgNode {
  parentId: number | null;
  kind: OrgKind;
  subkind?: string | null;
  code?: string | null;
  name: string;
  polygon?: Polygon | null;
  sortOrder?: number;
}

function bbox(polygon: Polygon | null | undefined) {
  if (!polygon) return { minLng: null, minLat: null, maxLng: null, maxLat: null };
  const pts = polygon.coordinates.flat();
  return {
    minLng: Math.min(...pts.map((p) => p[0])),
    minLat: Math.min(...pts.map((p) => p[1])),
    maxLng: Math.max(...pts.map((p) => p[0])),
    maxLat: Math.max(...pts.map((p) => p[1])),
  };
}

/**
 * Insert one node with its materialized path. The id is taken from the identity sequence first so the
 * path (parent path + id) is written in the same statement.
 */
export async function insertOrgNode(db: DbOrTx, node: NewOrgNode) {
  let parentPath: string | null = null;
  let depth = 0;
  if (node.parentId !== null) {
    const [parent] = await db.select({ path: orgNodes.path, depth: orgNodes.depth }).from(orgNodes).where(eq(orgNodes.id, node.parentId));
    if (!parent) throw new Error(`parent org node ${node.parentId} does not exist`);
    parentPath = parent.path;
    depth = parent.depth + 1;
  }
  const [next] = await queryRows<{ id: number }>(db, sql`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id`);
  const id = Number(next!.id);
  const keys = pinyinKeys(node.name);
  const box = bbox(node.polygon);
  await db.execute(
      sql`insert into org_nodes (id, parent_id, kind, subkind, code, name, name_pinyin, name_initials, path, depth, polygon, min_lng, min_lat, max_lng, max_lat, sort_order)
          overriding system value
          values (${id}, ${node.parentId}, ${node.kind}, ${node.subkind ?? null}, ${node.code ?? null}, ${node.name}, ${keys.full}, ${keys.initials},
                  ${parentPath ? `${parentPath}.${id}` : String(id)}::ltree, ${depth}, ${node.polygon ? JSON.stringify(node.polygon) : null}::jsonb,
                  ${box.minLng}, ${box.minLat}, ${box.maxLng}, ${box.maxLat}, ${node.sortOrder ?? 0})`,
  );
  const [inserted] = await db.select().from(orgNodes).where(eq(orgNodes.id, id));
  return inserted!;
}
