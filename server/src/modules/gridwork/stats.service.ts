import { inArray, sql } from 'drizzle-orm';
import { users } from '../../db/schema/users.js';
import type { Principal } from '../../platform/access.js';
import { inCommunitiesOf, scopePaths } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { escapeLike, namesByIds } from '../org/org.repo.js';
import { addDays, chinaDay, startOfChinaDay } from './days.js';
import { assertAny, loadPlace, personsIn } from './gridwork.policy.js';
import type { PeriodQuery } from './gridwork.schema.js';
import { period } from './plans.service.js';
import { countByKind, rowsOf } from './worklog.repo.js';

/** Work statistics 工作统计: entries by kind per grid and per worker under a node, over a period. */
export async function workStats(ctx: AppContext, p: Principal, q: PeriodQuery) {
  const place = await loadPlace(ctx.db, q.nodeId);
  assertAny(p, ['gridwork.read', 'gridwork.log'], place.path);
  const { from, to } = period(q, chinaDay(ctx.clock.now()));
  const rows = await countByKind(ctx.db, place.path, startOfChinaDay(from), startOfChinaDay(addDays(to, 1)));
  const total: Record<string, number> = {};
  const grids = new Map<number | null, Record<string, number>>();
  const workers = new Map<number, Record<string, number>>();
  for (const r of rows) {
    total[r.kind] = (total[r.kind] ?? 0) + r.n;
    const g = grids.get(r.gridId) ?? {};
    g[r.kind] = (g[r.kind] ?? 0) + r.n;
    grids.set(r.gridId, g);
    const w = workers.get(r.authorId) ?? {};
    w[r.kind] = (w[r.kind] ?? 0) + r.n;
    workers.set(r.authorId, w);
  }
  const gridNames = await namesByIds(ctx.db, [...grids.keys()].filter((id): id is number => id != null));
  const authorIds = [...workers.keys()];
  const authors = authorIds.length ? await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, authorIds)) : [];
  return {
    from,
    to,
    total,
    grids: [...grids.entries()].map(([gridId, counts]) => ({ gridId, name: gridId == null ? '' : (gridNames.get(gridId) ?? ''), counts })),
    workers: [...workers.entries()].map(([userId, counts]) => ({ userId, name: authors.find((a) => a.id === userId)?.name ?? '', counts })),
  };
}

/**
 * Households in the caller's work area by a member's name, pinyin or initials, or by the door — for the phone's
 * quick entry (the registry's own search serves the console).
 */
export async function searchHouseholds(ctx: AppContext, p: Principal, q: string, limit: number) {
  const paths = scopePaths(p, 'gridwork.log');
  const like = `%${escapeLike(q.trim().toLowerCase())}%`;
  const result = await ctx.db.execute(sql`
    select h.id as household_id, coalesce(pn.name || ' ', '') || hn.name as place, h.door,
      coalesce((hn.min_lng + hn.max_lng) / 2, (pn.min_lng + pn.max_lng) / 2, lp.lng) as lng,
      coalesce((hn.min_lat + hn.max_lat) / 2, (pn.min_lat + pn.max_lat) / 2, lp.lat) as lat,
      json_agg(json_build_object('id', p.id, 'name', p.name) order by p.id) as persons
    from persons p
    join households h on h.id = p.household_id
    join org_nodes hn on hn.id = h.node_id
    left join org_nodes pn on pn.id = hn.parent_id and hn.kind = 'unit'
    left join lateral (
      select wl.lng, wl.lat from work_logs wl where wl.household_id = h.id and wl.lng is not null order by wl.occurred_at desc limit 1
    ) lp on true
    where ${personsIn(paths)} and h.closed_at is null and h.id in (
      select p2.household_id from persons p2 join households h2 on h2.id = p2.household_id
      where ${inCommunitiesOf(sql`h2.community_id`, paths)}
        and (p2.name like ${like} or p2.name_pinyin like ${like} or p2.name_initials like ${like} or lower(coalesce(h2.door, '')) like ${like}
          or lower(coalesce(h2.address, '')) like ${like})
    )
    group by h.id, hn.name, pn.name, hn.min_lng, hn.max_lng, hn.min_lat, hn.max_lat, pn.min_lng, pn.max_lng, pn.min_lat, pn.max_lat, lp.lng, lp.lat
    order by h.id
    limit ${limit}`);
  return {
    items: rowsOf<{ household_id: number; place: string; door: string | null; lng: number | null; lat: number | null; persons: { id: number; name: string }[] }>(result).map((r) => ({
      householdId: r.household_id,
      place: r.place,
      door: r.door,
      persons: r.persons,
      lng: r.lng == null ? null : Number(r.lng),
      lat: r.lat == null ? null : Number(r.lat),
    })),
  };
}
