import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { monthsBetween, statsPeriod } from '../../platform/statsPeriod.js';
import { nodesAtPaths } from '../org/org.repo.js';
import { addDays, chinaDay, startOfChinaDay } from '../gridwork/days.js';
import { placeFor, type Place } from '../gridwork/gridwork.policy.js';
import type { VolunteerStats, VolunteerStatsQuery } from './stats.schema.js';

/**
 * Volunteering statistics of a node over a period (docs/adr/0022): volunteers, teams, activities held, volunteers
 * who served, confirmed hours — in total, by month and by the node's children. Every figure is counted from the rows
 * themselves (volunteers, activities, hour_entries), never from a counter that could drift.
 *
 * Rows carry `community_id` (indexed) and `node_id`. At or above a community, a row is in the node's subtree when its
 * community is (one indexed `in` over the subtree's communities), or, for the few rows recorded above any community
 * (a town's own activity), when its node is; below a community (a grid), its community is the node's and its node
 * lies in the subtree.
 */

const COMMUNITY_AND_BELOW = new Set(['community', 'grid', 'building', 'unit']);
type Scoped = Place & { depth: number };

/**
 * The rows of `table` (volunteers, activities or hour_entries: each has community_id and node_id) in the node's
 * subtree, each with `child`: the path of the node's child it falls under (null: recorded at the node itself).
 * At or above a community: joined to the subtree's communities (the indexed community_id), plus the few rows
 * recorded above any community joined by node; below: the community's rows whose node lies in the subtree.
 */
function scopedRows(place: Scoped, table: 'volunteers' | 'activities' | 'hour_entries' | 'micro_wishes', columns: string, where: SQL): SQL {
  const t = sql.raw(table);
  const cols = sql.raw(columns.split(',').map((c) => `x.${c.trim()}`).join(', '));
  const path = sql`${place.path}::ltree`;
  const d = place.depth;
  const childOfPath = (col: SQL) => sql`case when nlevel(${col}) > ${d} then subpath(${col}, 0, ${d + 1})::text end`;
  if (COMMUNITY_AND_BELOW.has(place.kind)) {
    return sql`(select ${cols}, ${childOfPath(sql`n.path`)} as child from ${t} x join org_nodes n on n.id = x.node_id
      where x.community_id = ${place.communityId} and n.path <@ ${path} and ${where})`;
  }
  return sql`(select ${cols}, sc.child from ${t} x
      join (select c.id, ${childOfPath(sql`c.path`)} as child from org_nodes c where c.kind = 'community' and c.path <@ ${path}) sc on sc.id = x.community_id
      where ${where}
    union all
    select ${cols}, sn.child from ${t} x
      join (select n.id, ${childOfPath(sql`n.path`)} as child from org_nodes n
            where n.path <@ ${path} and n.kind not in ('community','grid','building','unit')) sn on sn.id = x.node_id
      where x.community_id is null and ${where})`;
}




const hours = (minutes: number) => Math.round(minutes / 6) / 10;

export async function volunteerStats(ctx: AppContext, p: Principal, q: VolunteerStatsQuery): Promise<VolunteerStats> {
  const place0 = await placeFor(ctx.db, p, 'volunteers.read', q.nodeId);
  const place = { ...place0, depth: place0.path.split('.').length };
  const { from, to } = statsPeriod(q, chinaDay(ctx.clock.now()), 11);
  const fromAt = startOfChinaDay(from).toISOString();
  const toAt = startOfChinaDay(addDays(to, 1)).toISOString();
  const china = (col: SQL) => sql`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

  const inPeriod = (col: SQL) => sql`${col} >= ${fromAt}::timestamptz and ${col} < ${toAt}::timestamptz`;
  const confirmed = sql`x.status = 'confirmed' and x.service_date between ${from}::date and ${to}::date`;

  const [volunteerRows, activityRows, entryRows, [teams], [open], wishRows] = await Promise.all([
    queryRows<{ child: string | null; month: string | null; active: number; new: number }>(
      ctx.db,
      sql`select v.child, case when ${inPeriod(sql`v.registered_at`)} then ${china(sql`v.registered_at`)} end as month,
            count(*) filter (where v.status = 'active')::int as active,
            count(*) filter (where ${inPeriod(sql`v.registered_at`)})::int as new
          from ${scopedRows(place, 'volunteers', 'status, registered_at', sql`true`)} v
          group by 1, 2`,
    ),
    queryRows<{ child: string | null; month: string; n: number }>(
      ctx.db,
      sql`select a.child, ${china(sql`a.starts_at`)} as month, count(*)::int as n
          from ${scopedRows(place, 'activities', 'starts_at', sql`x.status = 'published' and ${inPeriod(sql`x.starts_at`)}`)} a
          group by 1, 2`,
    ),
    queryRows<{ child: string | null; month: string; minutes: number }>(
      ctx.db,
      sql`select e.child, to_char(date_trunc('month', e.service_date), 'YYYY-MM') as month, coalesce(sum(e.minutes), 0)::int as minutes
          from ${scopedRows(place, 'hour_entries', 'service_date, minutes', confirmed)} e
          group by 1, 2`,
    ),
    queryRows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from volunteer_teams t join org_nodes n on n.id = t.node_id
          where n.path <@ ${place.path}::ltree and t.dissolved_at is null`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from ${scopedRows(place, 'hour_entries', 'id', sql`x.status in ('pending','awaiting_approval')`)} e`),
    queryRows<{ child: string | null; month: string; n: number }>(
      ctx.db,
      sql`select w.child, ${china(sql`w.realised_at`)} as month, count(*)::int as n
          from ${scopedRows(place, 'micro_wishes', 'realised_at', sql`x.status = 'realised' and ${inPeriod(sql`x.realised_at`)}`)} w
          group by 1, 2`,
    ),
  ]);
  // Distinct participants over the whole period (a volunteer serving in two months counts once).
  const [served] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(distinct e.volunteer_id)::int as n from ${scopedRows(place, 'hour_entries', 'volunteer_id', sql`${confirmed} and x.kind = 'record'`)} e`,
  );

  const months = new Map(monthsBetween(from, to).map((m) => [m, { month: m, newVolunteers: 0, activities: 0, participants: 0, minutes: 0, wishesRealised: 0 }]));
  const children = new Map<string | null, { volunteers: number; activities: number; minutes: number }>();
  const child = (key: string | null) => {
    let c = children.get(key);
    if (!c) children.set(key, (c = { volunteers: 0, activities: 0, minutes: 0 }));
    return c;
  };
  let volunteers = 0;
  let newVolunteers = 0;
  for (const r of volunteerRows) {
    volunteers += r.active;
    newVolunteers += r.new;
    child(r.child).volunteers += r.active;
    const m = r.month ? months.get(r.month) : undefined;
    if (m) m.newVolunteers += r.new;
  }
  let activities = 0;
  for (const r of activityRows) {
    activities += r.n;
    child(r.child).activities += r.n;
    const m = months.get(r.month);
    if (m) m.activities += r.n;
  }
  let wishesRealised = 0;
  for (const r of wishRows) {
    wishesRealised += r.n;
    const m = months.get(r.month);
    if (m) m.wishesRealised += r.n;
  }
  let minutes = 0;
  for (const r of entryRows) {
    minutes += r.minutes;
    child(r.child).minutes += r.minutes;
    const m = months.get(r.month);
    if (m) m.minutes += r.minutes;
  }
  // Volunteers who served, once per month however many children they served in.
  const perMonth = await queryRows<{ month: string; n: number }>(
    ctx.db,
    sql`select to_char(e.service_date, 'YYYY-MM') as month, count(distinct e.volunteer_id)::int as n
        from ${scopedRows(place, 'hour_entries', 'volunteer_id, service_date', sql`${confirmed} and x.kind = 'record'`)} e
        group by 1`,
  );
  for (const r of perMonth) {
    const m = months.get(r.month);
    if (m) m.participants = r.n;
  }

  const childPaths = [...children.keys()].filter((k): k is string => k !== null);
  const byPath = await nodesAtPaths(ctx.db, childPaths);
  return {
    nodeId: place.id,
    nodeName: place.name,
    from,
    to,
    totals: {
      volunteers,
      teams: teams?.n ?? 0,
      openEntries: open?.n ?? 0,
      newVolunteers,
      activities,
      participants: served?.n ?? 0,
      confirmedHours: hours(minutes),
      wishesRealised,
    },
    months: [...months.values()].map((m) => ({
      month: m.month,
      newVolunteers: m.newVolunteers,
      activities: m.activities,
      participants: m.participants,
      confirmedHours: hours(m.minutes),
      wishesRealised: m.wishesRealised,
    })),
    children: [...children.entries()]
      .map(([key, c]) => ({
        nodeId: key === null ? null : (byPath.get(key)?.id ?? null),
        name: key === null ? place.name : (byPath.get(key)?.name ?? ''),
        volunteers: c.volunteers,
        activities: c.activities,
        confirmedHours: hours(c.minutes),
      }))
      .sort((a, b) => b.confirmedHours - a.confirmedHours || b.volunteers - a.volunteers || a.name.localeCompare(b.name, 'zh-CN')),
  };
}

