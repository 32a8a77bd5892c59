import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { personsIn } from './gridwork.policy.js';
import { rowsOf } from './worklog.repo.js';

/**
 * People with a visit plan: each present person in the subtrees with an open tag that has a rule at their
 * household's node or an ancestor (the nearest node's rule for the tag wins), with their last visit. One row per
 * person and tag; the service keeps the tag due first. Where they live on the map: the unit's or building's outline
 * centre, else the point of the last work logged at the household (a visit logged with the phone's position).
 */
export interface PlannedRow {
  person_id: number;
  name: string;
  household_id: number;
  grid_id: number | null;
  community_id: number | null;
  place: string;
  lng: number | null;
  lat: number | null;
  tag_code: string;
  tag_name: string;
  tag_roles: string[];
  interval_days: number;
  overdue_notice_days: number;
  added_at: Date | string;
  last_visit: Date | string | null;
}

export async function plannedPeople(db: DbOrTx, paths: string[], lastBefore?: Date): Promise<PlannedRow[]> {
  const visitCut = lastBefore ? sql`and wp.occurred_at < ${lastBefore.toISOString()}::timestamptz` : sql``;
  const result = await db.execute(sql`
    select p.id as person_id, p.name, p.household_id, p.grid_id, p.community_id,
      coalesce(pn.name || ' ', '') || hn.name as place,
      coalesce((hn.min_lng + hn.max_lng) / 2, (pn.min_lng + pn.max_lng) / 2, lp.lng) as lng,
      coalesce((hn.min_lat + hn.max_lat) / 2, (pn.min_lat + pn.max_lat) / 2, lp.lat) as lat,
      ct.code as tag_code, ct.name as tag_name, ct.visible_to_roles as tag_roles,
      r.interval_days, r.overdue_notice_days, pt.added_at, lv.last_visit
    from persons p
    join households h on h.id = p.household_id
    join org_nodes hn on hn.id = h.node_id
    left join org_nodes pn on pn.id = hn.parent_id and hn.kind = 'unit'
    join person_tags pt on pt.person_id = p.id and pt.removed_at is null
    join care_tags ct on ct.id = pt.tag_id
    join lateral (
      select vr.interval_days, vr.overdue_notice_days from visit_rules vr join org_nodes rn on rn.id = vr.org_node_id
      where vr.tag_id = pt.tag_id and rn.path @> hn.path order by rn.depth desc limit 1
    ) r on true
    left join lateral (
      select wl.lng, wl.lat from work_logs wl where wl.household_id = h.id and wl.lng is not null order by wl.occurred_at desc limit 1
    ) lp on true
    left join lateral (
      select max(wp.occurred_at) as last_visit from work_log_persons wp where wp.person_id = p.id and wp.kind = 'visit' ${visitCut}
    ) lv on true
    where p.living_status = 'present' and ${personsIn(paths)}
    order by p.id`);
  return rowsOf<PlannedRow>(result);
}

/** Visits of these people in [from, to), in time order. */
export async function visitsBetween(db: DbOrTx, personIds: number[], from: Date, to: Date) {
  if (personIds.length === 0) return [];
  const result = await db.execute(sql`
    select wp.person_id, wp.occurred_at, wl.created_by
    from work_log_persons wp join work_logs wl on wl.id = wp.work_log_id
    where wp.kind = 'visit' and wp.person_id = any(${`{${personIds.join(',')}}`}::int[])
      and wp.occurred_at >= ${from.toISOString()}::timestamptz and wp.occurred_at < ${to.toISOString()}::timestamptz
    order by wp.person_id, wp.occurred_at`);
  return rowsOf<{ person_id: number; occurred_at: Date | string; created_by: number }>(result);
}

/** Grids under (or holding) a node, with their workers now: open 网格员 assignments and grid_worker roles. */
export async function gridsWithWorkers(db: DbOrTx, nodePath: string) {
  const result = await db.execute(sql`
    select g.id as grid_id, g.name as grid_name, u.id as user_id, u.display_name as user_name
    from org_nodes g
    left join lateral (
      select pa.user_id from place_assignments pa where pa.node_id = g.id and pa.duty = 'grid_worker' and pa.ended_at is null
      union
      select ra.user_id from role_assignments ra where ra.org_node_id = g.id and ra.role = 'grid_worker'
    ) w on true
    left join users u on u.id = w.user_id
    where g.kind = 'grid' and (g.path <@ ${nodePath}::ltree or g.path @> ${nodePath}::ltree)
    order by g.sort_order, g.id`);
  return rowsOf<{ grid_id: number; grid_name: string; user_id: number | null; user_name: string | null }>(result);
}
