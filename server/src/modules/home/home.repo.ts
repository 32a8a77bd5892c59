import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { COUNTER_FIELDS, zeroCounts, type Counts } from '../requests/core/counters.js';

/** SQL the home pages need beyond the lists they link to. */

export interface CommunityRow {
  id: number;
  name: string;
  parentName: string | null;
}

/** Communities (社区/村/嘎查) at or under a node, in tree order, up to `limit` (+1 to tell there are more). */
export async function communitiesUnder(db: DbOrTx, path: string, limit: number): Promise<CommunityRow[]> {
  const rows = await queryRows<{ id: number | string; name: string; parent_name: string | null }>(
    db,
    sql`select c.id, c.name, p.name as parent_name from org_nodes c left join org_nodes p on p.id = c.parent_id
        where c.kind = 'community' and c.path <@ ${path}::ltree order by c.path limit ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, parentName: r.parent_name }));
}

const COLUMNS = sql.raw(
  COUNTER_FIELDS.map((f) => `coalesce(sum(rc.${f.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)}), 0)::int as "${f}"`).join(', '),
);

/**
 * The rate counters (request_counters, the table GET /requests/rates reads in a town) summed over each
 * community's subtree, per month: O(nodes under the communities × 2 months) rows whatever the requests.
 */
export async function countersByCommunity(db: DbOrTx, communityIds: number[], months: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (communityIds.length === 0) return out;
  const rows = await queryRows<Record<string, number | string>>(
    db,
    sql`select c.id as community_id, to_char(rc.month, 'YYYY-MM') as month, ${COLUMNS}
        from org_nodes c
        join org_nodes n on n.path <@ c.path
        join request_counters rc on rc.org_node_id = n.id
        where c.id in (${sql.join(communityIds.map((id) => sql`${id}`), sql`, `)})
          and rc.month in (${sql.join(months.map((m) => sql`${`${m}-01`}::date`), sql`, `)})
        group by 1, 2`,
  );
  for (const row of rows) {
    const counts = zeroCounts();
    for (const f of COUNTER_FIELDS) counts[f] = Number(row[f] ?? 0);
    out.set(`${Number(row.community_id)}:${String(row.month)}`, counts);
  }
  return out;
}
