// A region-scale org tree for benchmarks, written with set-based SQL (one INSERT … SELECT generate_series per level),
// with the staff the requests workflow needs: a grid worker per grid, a community staff member (dispatcher) per
// community, an admin per town and per city, and residents in a sample of grids. Everything goes in one transaction,
// so a tree is either complete or absent; its root carries the code BENCH-<grids> and is found again on later runs.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/src/db/client.js';
import type { OrgKind } from '../server/src/db/schema/org.js';
import { hashPassword } from '../server/src/platform/password.js';
import { pinyinKeys } from '../server/src/platform/pinyin.js';
import { TEST_PASSWORD } from '../server/test/factories.js';

/** Children per parent at each level below the region. */
export interface TreeShape {
  cities: number;
  counties: number;
  towns: number;
  communities: number;
  grids: number;
}

/** 4 cities × 5 counties × 10 towns × 25 communities × 5 grids = 25,000 grids. */
export const REGION_SHAPE: TreeShape = { cities: 4, counties: 5, towns: 10, communities: 25, grids: 5 };
/** 2 × 5 × 5 × 10 × 5 = 2,500 grids, for a smoke test. */
export const QUICK_SHAPE: TreeShape = { cities: 2, counties: 5, towns: 5, communities: 10, grids: 5 };

export const gridCount = (s: TreeShape) => s.cities * s.counties * s.towns * s.communities * s.grids;

export interface RegionTree {
  rootId: number;
  rootPath: string;
  /** The first city, town and grid (by id), for single-node queries. */
  cityId: number;
  townId: number;
  grids: number;
  nodes: number;
  /** Usernames are bench.<kind>.<node id>; every account has the password TEST_PASSWORD. */
  residents: { userId: number; gridId: number }[];
  created: boolean;
}

const LEVELS: { kind: OrgKind; parent: OrgKind; count: keyof TreeShape; name: string; subkind: string | null }[] = [
  { kind: 'city', parent: 'region', count: 'cities', name: '基准市', subkind: 'city' },
  { kind: 'county', parent: 'city', count: 'counties', name: '基准区', subkind: 'district' },
  { kind: 'town', parent: 'county', count: 'towns', name: '基准街道', subkind: 'street' },
  { kind: 'community', parent: 'town', count: 'communities', name: '基准社区', subkind: null },
  { kind: 'grid', parent: 'community', count: 'grids', name: '基准网格', subkind: null },
];

/** Staff per node kind: username prefix, display name, role. */
const STAFF: { kind: OrgKind; prefix: string; name: string; role: string }[] = [
  { kind: 'city', prefix: 'bench.city', name: '市管理员', role: 'city_admin' },
  { kind: 'town', prefix: 'bench.town', name: '街道管理员', role: 'town_admin' },
  { kind: 'community', prefix: 'bench.staff', name: '社区工作者', role: 'community_staff' },
  { kind: 'grid', prefix: 'bench.grid', name: '网格员', role: 'grid_worker' },
];

/** Residents for intake: one in every n-th grid, up to this many. */
const RESIDENTS = 200;

/** Find the tree of this shape, or build it (nodes, staff, residents) in one transaction. */
export async function ensureRegionTree(db: Db, shape: TreeShape, log: (line: string) => void): Promise<RegionTree> {
  const grids = gridCount(shape);
  const code = `BENCH-${grids}`;
  let created = false;
  const [existing] = await queryRows<{ id: number }>(db, sql`select id from org_nodes where code = ${code}`);
  if (!existing) {
    const started = performance.now();
    const hash = await hashPassword(TEST_PASSWORD);
    await db.transaction(async (tx) => {
      const rootName = `基准自治区${grids}`;
      const keys = pinyinKeys(rootName);
      const [root] = await queryRows<{ id: number }>(
        tx,
        sql`insert into org_nodes (id, parent_id, kind, code, name, name_pinyin, name_initials, path, depth)
            overriding system value
            select s.id, null, 'region', ${code}, ${rootName}, ${keys.full}, ${keys.initials}, text2ltree(s.id::text), 0
            from (select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id) s
            returning id`,
      );
      const rootPath = String(root!.id);
      for (const level of LEVELS) {
        const t0 = performance.now();
        const k = pinyinKeys(level.name);
        // Ordered parents × ordinals first, then ids from the sequence in that order, so ids follow the tree.
        const [inserted] = await queryRows<{ n: number }>(
          tx,
          sql`with made as (
                insert into org_nodes (id, parent_id, kind, subkind, name, name_pinyin, name_initials, path, depth, sort_order)
                overriding system value
                select s.id, s.parent_id, ${level.kind}, ${level.subkind}, ${level.name}::text || s.ord, ${k.full}::text || s.ord, ${k.initials}::text || s.ord,
                       s.parent_path || s.id::text, s.depth + 1, s.i
                from (select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id, o.*
                      from (select p.id as parent_id, p.path as parent_path, p.depth, g.i, row_number() over (order by p.id, g.i) as ord
                            from org_nodes p cross join generate_series(1, ${shape[level.count]}::int) as g(i)
                            where p.path <@ ${rootPath}::ltree and p.kind = ${level.parent}
                            order by p.id, g.i) o
                      offset 0) s
                returning 1)
              select count(*)::int as n from made`,
        );
        log(`  tree: ${inserted!.n.toLocaleString('en-US')} ${level.kind} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      for (const staff of STAFF) {
        const kk = pinyinKeys(staff.name);
        await tx.execute(
          sql`insert into users (username, display_name, name_pinyin, name_initials, password_hash, home_node_id)
              select ${staff.prefix}::text || '.' || n.id, ${staff.name}::text || n.id, ${kk.full}::text || n.id, ${kk.initials}::text || n.id, ${hash}, n.id
              from org_nodes n where n.path <@ ${rootPath}::ltree and n.kind = ${staff.kind} order by n.id`,
        );
        await tx.execute(
          sql`insert into role_assignments (user_id, role, org_node_id)
              select u.id, ${staff.role}, u.home_node_id from users u join org_nodes n on n.id = u.home_node_id
              where n.path <@ ${rootPath}::ltree and n.kind = ${staff.kind} and u.username = ${staff.prefix}::text || '.' || n.id`,
        );
      }
      // Residents in every n-th grid, so intake spreads over many grids (and many counter rows) like real traffic.
      const every = Math.max(1, Math.floor(grids / RESIDENTS));
      const rk = pinyinKeys('居民');
      await tx.execute(
        sql`insert into users (username, display_name, name_pinyin, name_initials, password_hash, home_node_id)
            select 'bench.resident.' || g.id, '居民' || g.id, ${rk.full}::text || g.id, ${rk.initials}::text || g.id, ${hash}, g.id
            from (select n.id, row_number() over (order by n.id) as k from org_nodes n
                  where n.path <@ ${rootPath}::ltree and n.kind = 'grid') g
            where (g.k - 1) % ${every} = 0 and g.k <= ${every * RESIDENTS}`,
      );
      await tx.execute(
        sql`insert into role_assignments (user_id, role, org_node_id)
            select u.id, 'resident', u.home_node_id from users u join org_nodes n on n.id = u.home_node_id
            where n.path <@ ${rootPath}::ltree and u.username = 'bench.resident.' || n.id`,
      );
    });
    await db.execute(sql`analyze org_nodes`);
    await db.execute(sql`analyze users`);
    await db.execute(sql`analyze role_assignments`);
    log(`  tree and staff written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    created = true;
  }
  return describeTree(db, code, created);
}

async function describeTree(db: Db, code: string, created: boolean): Promise<RegionTree> {
  const [root] = await queryRows<{ id: number; path: string }>(db, sql`select id, path::text as path from org_nodes where code = ${code}`);
  if (!root) throw new Error(`bench tree ${code} not found`);
  const [stats] = await queryRows<{ nodes: number; grids: number; city: number; town: number }>(
    db,
    sql`select count(*)::int as nodes, count(*) filter (where kind = 'grid')::int as grids,
               min(id) filter (where kind = 'city')::int as city, min(id) filter (where kind = 'town')::int as town
        from org_nodes where path <@ ${root.path}::ltree`,
  );
  const residents = await queryRows<{ userId: number; gridId: number }>(
    db,
    sql`select u.id as "userId", u.home_node_id as "gridId" from users u join org_nodes n on n.id = u.home_node_id
        where n.path <@ ${root.path}::ltree and n.kind = 'grid' and u.username = 'bench.resident.' || n.id order by u.id`,
  );
  return {
    rootId: Number(root.id),
    rootPath: root.path,
    cityId: Number(stats!.city),
    townId: Number(stats!.town),
    grids: Number(stats!.grids),
    nodes: Number(stats!.nodes),
    residents: residents.map((r) => ({ userId: Number(r.userId), gridId: Number(r.gridId) })),
    created,
  };
}

/** Grid workers of the tree by grid, for the request generator's assignees. */
export async function gridWorkers(db: Db, tree: RegionTree): Promise<Map<number, number[]>> {
  const rows = await queryRows<{ grid: number; user: number }>(
    db,
    sql`select ra.org_node_id as grid, ra.user_id as user from role_assignments ra join org_nodes n on n.id = ra.org_node_id
        where ra.role = 'grid_worker' and n.path <@ ${tree.rootPath}::ltree`,
  );
  const byGrid = new Map<number, number[]>();
  for (const r of rows) {
    const list = byGrid.get(Number(r.grid)) ?? [];
    list.push(Number(r.user));
    byGrid.set(Number(r.grid), list);
  }
  return byGrid;
}

/** Ids of the tree's grids, in id order. */
export async function gridIds(db: Db, tree: RegionTree): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`select id from org_nodes where path <@ ${tree.rootPath}::ltree and kind = 'grid' order by id`);
  return rows.map((r) => Number(r.id));
}

/** The staff account of a kind at a node (see STAFF). */
export async function staffAt(db: Db, kind: 'city' | 'town' | 'grid' | 'staff', nodeId: number): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from users where username = ${`bench.${kind}.${nodeId}`}`);
  if (!row) throw new Error(`no bench.${kind}.${nodeId}`);
  return Number(row.id);
}
