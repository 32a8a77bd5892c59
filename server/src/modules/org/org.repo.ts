import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { orgNodes, type OrgKind, type Polygon } from '../../db/schema/org.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { polygonBbox } from './org.geometry.js';

export interface NewOrgNode {
  parentId: number | null;
  kind: OrgKind;
  subkind?: string | null;
  code?: string | null;
  name: string;
  polygon?: Polygon | null;
  sortOrder?: number;
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
  const [id] = await allocateOrgNodeIds(db, 1);
  const keys = pinyinKeys(node.name);
  const box = polygonBbox(node.polygon);
  await db.execute(
    sql`insert into org_nodes (id, parent_id, kind, subkind, code, name, name_pinyin, name_initials, path, depth, polygon, min_lng, min_lat, max_lng, max_lat, sort_order)
        overriding system value
        values (${id}, ${node.parentId}, ${node.kind}, ${node.subkind ?? null}, ${node.code ?? null}, ${node.name}, ${keys.full}, ${keys.initials},
                ${parentPath ? `${parentPath}.${id}` : String(id)}::ltree, ${depth}, ${node.polygon ? JSON.stringify(node.polygon) : null}::jsonb,
                ${box.minLng}, ${box.minLat}, ${box.maxLng}, ${box.maxLat}, ${node.sortOrder ?? 0})`,
  );
  const [inserted] = await db.select().from(orgNodes).where(eq(orgNodes.id, id!));
  return inserted!;
}

/** Take `count` ids from the identity sequence in one round trip, so paths can be computed before inserting. */
export async function allocateOrgNodeIds(db: DbOrTx, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id from generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

// Qualified by hand: inside a subquery Drizzle would render the outer column unqualified, as c's own id.
const childCount = sql<number>`(select count(*)::int from org_nodes c where c.parent_id = "org_nodes"."id")`.as('child_count');

/** The columns of the public OrgNode shape. */
export const nodeFields = {
  id: orgNodes.id,
  parentId: orgNodes.parentId,
  kind: orgNodes.kind,
  subkind: orgNodes.subkind,
  code: orgNodes.code,
  name: orgNodes.name,
  depth: orgNodes.depth,
  path: orgNodes.path,
  sortOrder: orgNodes.sortOrder,
  childCount,
};

export type NodeRow = { id: number; parentId: number | null; kind: OrgKind; subkind: string | null; code: string | null; name: string; depth: number; path: string; sortOrder: number; childCount: number };
export type NodeDetailRow = NodeRow & { polygon: Polygon | null };

export async function findNode(db: DbOrTx, id: number): Promise<NodeDetailRow | undefined> {
  const [row] = await db
    .select({ ...nodeFields, polygon: orgNodes.polygon })
    .from(orgNodes)
    .where(eq(orgNodes.id, id));
  return row as NodeDetailRow | undefined;
}

/** Nodes by id, shallowest first (used for ancestors). */
export async function nodesByIds(db: DbOrTx, ids: number[]): Promise<NodeRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(nodeFields).from(orgNodes).where(inArray(orgNodes.id, ids)).orderBy(asc(orgNodes.depth));
  return rows as NodeRow[];
}

export async function namesByIds(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: orgNodes.id, name: orgNodes.name }).from(orgNodes).where(inArray(orgNodes.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The nodes at these ltree paths (a statistics page's children), keyed by path. */
export async function nodesAtPaths(db: DbOrTx, paths: string[]): Promise<Map<string, { id: number; name: string; path: string }>> {
  if (paths.length === 0) return new Map();
  const rows = await queryRows<{ id: number; name: string; path: string }>(
    db,
    sql`select id, name, path::text as path from org_nodes where path = any(array[${sql.join(
      paths.map((p) => sql`${p}::ltree`),
      sql`, `,
    )}])`,
  );
  return new Map(rows.map((n) => [n.path, n]));
}

export async function childrenOf(db: DbOrTx, parentId: number, limit: number, offset: number) {
  const [items, [total]] = await Promise.all([
    db
      .select(nodeFields)
      .from(orgNodes)
      .where(eq(orgNodes.parentId, parentId))
      .orderBy(asc(orgNodes.sortOrder), sql`${orgNodes.code} asc nulls last`, asc(orgNodes.name), asc(orgNodes.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(orgNodes).where(eq(orgNodes.parentId, parentId)),
  ]);
  return { items: items as NodeRow[], total: Number(total?.n ?? 0) };
}

export interface SearchFilter {
  /** LIKE pattern for a Chinese name substring, already escaped. */
  namePattern: string | null;
  exactName: string | null;
  /** Lower-case pinyin or initials when the query looks like pinyin. */
  pinyin: string | null;
  kind?: OrgKind;
  /** Visibility condition on org_nodes.path (from the access layer). */
  scope: SQL;
  underPath?: string;
  limit: number;
}

/** Escape LIKE wildcards so a user typing "%" or "_" searches for the character itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Search by Chinese name substring, pinyin prefix/substring or initials prefix inside the visible subtrees.
 * Exact and prefix matches rank first, then shorter names, then shallower nodes.
 */
export type SearchRow = NodeRow & { namePinyin: string; nameInitials: string };

export async function searchNodes(db: DbOrTx, f: SearchFilter): Promise<SearchRow[]> {
  const matches: SQL[] = [];
  if (f.namePattern) matches.push(sql`${orgNodes.name} like ${f.namePattern}`);
  if (f.pinyin) {
    matches.push(sql`${orgNodes.namePinyin} like ${`%${escapeLike(f.pinyin)}%`}`);
    matches.push(sql`${orgNodes.nameInitials} like ${`${escapeLike(f.pinyin)}%`}`);
  }
  const conditions: SQL[] = [f.scope];
  if (matches.length) conditions.push(sql`(${sql.join(matches, sql` or `)})`);
  if (f.kind) conditions.push(sql`${orgNodes.kind} = ${f.kind}`);
  if (f.underPath) conditions.push(sql`${orgNodes.path} <@ ${f.underPath}::ltree`);

  const codeOrder = sql`${orgNodes.code} asc nulls last`;
  const order = matches.length
    ? [sql`case ${sql.join(rankCases(f), sql` `)} else 3 end`, sql`char_length(${orgNodes.name})`, asc(orgNodes.depth), codeOrder, asc(orgNodes.id)]
    : [asc(orgNodes.depth), asc(orgNodes.sortOrder), codeOrder, asc(orgNodes.name), asc(orgNodes.id)];
  const rows = await db
    .select({ ...nodeFields, namePinyin: orgNodes.namePinyin, nameInitials: orgNodes.nameInitials })
    .from(orgNodes)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(f.limit);
  return rows as SearchRow[];
}

/** Exact matches rank 0, prefix matches 1–2, every other match 3. */
function rankCases(f: SearchFilter): SQL[] {
  const cases: SQL[] = [];
  if (f.exactName) {
    cases.push(sql`when ${orgNodes.name} = ${f.exactName} then 0`);
    cases.push(sql`when ${orgNodes.name} like ${`${escapeLike(f.exactName)}%`} then 1`);
  }
  if (f.pinyin) {
    cases.push(sql`when ${orgNodes.namePinyin} = ${f.pinyin} or ${orgNodes.nameInitials} = ${f.pinyin} then 1`);
    const prefix = `${escapeLike(f.pinyin)}%`;
    cases.push(sql`when ${orgNodes.namePinyin} like ${prefix} or ${orgNodes.nameInitials} like ${prefix} then 2`);
  }
  return cases;
}

export async function findNodeByCode(db: DbOrTx, code: string): Promise<NodeRow | undefined> {
  const [row] = await db.select(nodeFields).from(orgNodes).where(eq(orgNodes.code, code));
  return row as NodeRow | undefined;
}

/** The child of `parentId` with this exact name (lowest id if the data holds two). */
export async function findChildByName(db: DbOrTx, parentId: number, name: string): Promise<NodeRow | undefined> {
  const [row] = await db
    .select(nodeFields)
    .from(orgNodes)
    .where(and(eq(orgNodes.parentId, parentId), eq(orgNodes.name, name)))
    .orderBy(asc(orgNodes.id))
    .limit(1);
  return row as NodeRow | undefined;
}

/** Another child of `parentId` already called `name` (names are unique among siblings for created nodes). */
export async function siblingNamed(db: DbOrTx, parentId: number, name: string, exceptId?: number) {
  const conditions = [eq(orgNodes.parentId, parentId), eq(orgNodes.name, name)];
  if (exceptId !== undefined) conditions.push(ne(orgNodes.id, exceptId));
  const [row] = await db.select({ id: orgNodes.id }).from(orgNodes).where(and(...conditions)).limit(1);
  return row;
}

export interface OrgNodePatch {
  name?: string;
  subkind?: string | null;
  code?: string | null;
  polygon?: Polygon | null;
  sortOrder?: number;
}

export async function updateOrgNode(db: DbOrTx, id: number, patch: OrgNodePatch, now: Date): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: now };
  if (patch.name !== undefined) {
    const keys = pinyinKeys(patch.name);
    Object.assign(set, { name: patch.name, namePinyin: keys.full, nameInitials: keys.initials });
  }
  if (patch.subkind !== undefined) set.subkind = patch.subkind;
  if (patch.code !== undefined) set.code = patch.code;
  if (patch.sortOrder !== undefined) set.sortOrder = patch.sortOrder;
  if (patch.polygon !== undefined) Object.assign(set, { polygon: patch.polygon }, polygonBbox(patch.polygon));
  await db.update(orgNodes).set(set).where(eq(orgNodes.id, id));
}

/** Grids under `underPath` (anywhere when omitted) whose bounding box contains the point. */
export async function gridsWithBoxContaining(db: DbOrTx, lng: number, lat: number, underPath?: string) {
  const conditions: SQL[] = [
    eq(orgNodes.kind, 'grid'),
    sql`${orgNodes.minLng} <= ${lng} and ${orgNodes.maxLng} >= ${lng}`,
    sql`${orgNodes.minLat} <= ${lat} and ${orgNodes.maxLat} >= ${lat}`,
  ];
  if (underPath) conditions.push(sql`${orgNodes.path} <@ ${underPath}::ltree`);
  const rows = await db
    .select({ ...nodeFields, polygon: orgNodes.polygon })
    .from(orgNodes)
    .where(and(...conditions));
  return rows as NodeDetailRow[];
}
