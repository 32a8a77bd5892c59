import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import type { OrgKind, Polygon } from '../../db/schema/org.js';
import { polygonBbox } from './org.geometry.js';

/** A node row with its id and path already computed, for multi-row inserts (division import, demo data). */
export interface OrgNodeInsertRow {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  subkind: string | null;
  code: string | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  path: string;
  depth: number;
  sortOrder: number;
  polygon?: Polygon | null;
}

/** A node that carries an official code, as the import needs it to match records against the tree. */
export interface CodedNode {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  subkind: string | null;
  code: string;
  name: string;
  path: string;
  depth: number;
}

export async function codedNodes(db: DbOrTx): Promise<CodedNode[]> {
  const rows = await queryRows<CodedNode>(
    db,
    sql`select id, parent_id as "parentId", kind, subkind, code, name, path::text as path, depth
        from org_nodes where code is not null`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), parentId: r.parentId === null ? null : Number(r.parentId), depth: Number(r.depth) }));
}

/** One multi-row insert; the caller keeps batches well under PostgreSQL's 65,535 parameter limit (16 a row). */
export async function insertOrgNodeRows(db: DbOrTx, rows: OrgNodeInsertRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => {
    const box = polygonBbox(r.polygon);
    return sql`(${r.id}::int, ${r.parentId}::int, ${r.kind}, ${r.subkind}, ${r.code}, ${r.name}, ${r.namePinyin}, ${r.nameInitials},
                ${r.path}::ltree, ${r.depth}::smallint, ${r.sortOrder}::int, ${r.polygon ? JSON.stringify(r.polygon) : null}::jsonb,
                ${box.minLng}::float8, ${box.minLat}::float8, ${box.maxLng}::float8, ${box.maxLat}::float8)`;
  });
  await db.execute(
    sql`insert into org_nodes (id, parent_id, kind, subkind, code, name, name_pinyin, name_initials, path, depth, sort_order,
                               polygon, min_lng, min_lat, max_lng, max_lat)
        overriding system value values ${sql.join(values, sql`, `)}`,
  );
}

export interface NodeRename {
  id: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  subkind: string | null;
}

/** Set names and subkinds of many nodes in one statement. */
export async function renameOrgNodes(db: DbOrTx, rows: NodeRename[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => sql`(${r.id}::int, ${r.name}::text, ${r.namePinyin}::text, ${r.nameInitials}::text, ${r.subkind}::text)`);
  await db.execute(
    sql`update org_nodes as o
        set name = v.name, name_pinyin = v.name_pinyin, name_initials = v.name_initials, subkind = v.subkind, updated_at = ${now.toISOString()}::timestamptz
        from (values ${sql.join(values, sql`, `)}) as v(id, name, name_pinyin, name_initials, subkind)
        where o.id = v.id`,
  );
}

/**
 * Move a node with its whole subtree under a new parent: every path below the old one is re-rooted and
 * every depth shifted, in two statements.
 */
export async function moveSubtree(
  db: DbOrTx,
  move: { id: number; oldPath: string; newParentId: number; newParentPath: string; depthDelta: number },
  now: Date,
): Promise<void> {
  await db.execute(
    sql`update org_nodes
        set path = ${move.newParentPath}::ltree || subpath(path, nlevel(${move.oldPath}::ltree) - 1),
            depth = depth + ${move.depthDelta}::int, updated_at = ${now.toISOString()}::timestamptz
        where path <@ ${move.oldPath}::ltree`,
  );
  await db.execute(sql`update org_nodes set parent_id = ${move.newParentId}::int where id = ${move.id}::int`);
}

/** Refresh the planner's statistics after a bulk load, so searches on the fresh tree get good plans at once. */
export async function analyzeOrgNodes(db: DbOrTx): Promise<void> {
  await db.execute(sql`analyze org_nodes`);
}
