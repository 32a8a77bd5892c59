import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { households } from '../../db/schema/registry.js';
import { inCommunitiesOf, inSubtrees } from '../../platform/access.js';

/** SQL of households (户). */

export interface HouseholdRow {
  id: number;
  nodeId: number;
  nodePath: string;
  gridId: number | null;
  communityId: number;
  householdNo: string | null;
  door: string | null;
  address: string | null;
  note: string | null;
  createdAt: Date;
  closedAt: Date | null;
  headName: string | null;
  memberCount: number;
}

const SELECT = sql`select h.id, h.node_id as "nodeId", n.path::text as "nodePath", h.grid_id as "gridId", h.community_id as "communityId",
  h.household_no as "householdNo", h.door, h.address, h.note, h.created_at as "createdAt", h.closed_at as "closedAt",
  (select p.name from persons p where p.household_id = h.id and p.relation = 'head' order by p.id limit 1) as "headName",
  (select count(*)::int from persons p where p.household_id = h.id) as "memberCount"
  from households h join org_nodes n on n.id = h.node_id`;

function fix(r: HouseholdRow): HouseholdRow {
  return { ...r, createdAt: new Date(r.createdAt), closedAt: r.closedAt ? new Date(r.closedAt) : null, memberCount: Number(r.memberCount) };
}

export async function loadHousehold(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<HouseholdRow | undefined> {
  if (opts.lock) await db.execute(sql`select id from households where id = ${id} for update`);
  const [row] = await queryRows<HouseholdRow>(db, sql`${SELECT} where h.id = ${id}`);
  return row ? fix(row) : undefined;
}

export async function loadHouseholds(db: DbOrTx, ids: number[]): Promise<HouseholdRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<HouseholdRow>(db, sql`${SELECT} where h.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  const byId = new Map(rows.map((r) => [r.id, fix(r)]));
  return ids.map((i) => byId.get(i)).filter((r): r is HouseholdRow => !!r);
}

export async function searchHouseholdIds(
  db: DbOrTx,
  f: { paths: string[]; q?: string; includeClosed: boolean },
  limit: number,
  offset: number,
): Promise<{ ids: number[]; total: number }> {
  const where: SQL[] = [inCommunitiesOf(sql`h.community_id`, f.paths), inSubtrees(sql`n.path`, f.paths)];
  if (!f.includeClosed) where.push(sql`h.closed_at is null`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(h.door ilike ${like} or h.address ilike ${like} or h.household_no = ${f.q}
      or exists (select 1 from persons p where p.household_id = h.id and p.relation = 'head' and p.name ilike ${like}))`);
  }
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select h.id from households h join org_nodes n on n.id = h.node_id where ${cond} order by h.community_id, n.path, h.door nulls last, h.id limit ${limit} offset ${offset}`,
  );
  const [c] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from households h join org_nodes n on n.id = h.node_id where ${cond}`);
  return { ids: rows.map((r) => Number(r.id)), total: Number(c?.n ?? 0) };
}

export type NewHousehold = typeof households.$inferInsert;

export async function insertHousehold(db: DbOrTx, row: NewHousehold): Promise<number> {
  const [r] = await db.insert(households).values(row).returning({ id: households.id });
  return r!.id;
}

export async function updateHousehold(db: DbOrTx, id: number, patch: Partial<NewHousehold>): Promise<void> {
  await db.update(households).set(patch).where(eq(households.id, id));
}

/** Keep the people's grid and community equal to their household's (after the household moved place). */
export async function syncMembersPlace(db: DbOrTx, householdId: number, gridId: number | null, communityId: number): Promise<void> {
  await db.execute(sql`update persons set grid_id = ${gridId}, community_id = ${communityId} where household_id = ${householdId}`);
}
