import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { addDays, chinaDay, daysBetween, startOfChinaDay } from '../gridwork/days.js';
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

function scopeOf(place: Place & { depth: number }, communityCol: SQL, nodeCol: SQL): SQL {
  const path = sql`${place.path}::ltree`;
  if (place.kind !== 'community' && COMMUNITY_AND_BELOW.has(place.kind)) {
    return sql`(${communityCol} = ${place.communityId} and ${nodeCol} in (select n.id from org_nodes n where n.path <@ ${path}))`;
  }
  return sql`(${communityCol} in (select c.id from org_nodes c where c.kind = 'community' and c.path <@ ${path})
    or (${communityCol} is null and ${nodeCol} in (select n.id from org_nodes n where n.path <@ ${path} and n.kind not in ('community','grid','building','unit'))))`;
}

/**
 * Which child of the node a row falls under: the child's path label, computed from the row's community's path (or
 * its node's when above communities, or when the node is a community or below). Null: recorded at the node itself.
 */
function childOf(place: Place & { depth: number }, communityCol: SQL, nodeCol: SQL): SQL {
  const d = place.depth;
  const viaNode = sql`(select case when nlevel(n.path) > ${d} then subpath(n.path, 0, ${d + 1})::text end from org_nodes n where n.id = ${nodeCol})`;
  if (COMMUNITY_AND_BELOW.has(place.kind)) return viaNode;
  return sql`coalesce((select subpath(c.path, 0, ${d + 1})::text from org_nodes c where c.id = ${communityCol}), ${viaNode})`;
}

function periodOf(q: VolunteerStatsQuery, today: string): { from: string; to: string } {
  const to = q.to ?? today;
  const from = q.from ?? `${addMonths(to.slice(0, 7), -11)}-01`;
  if (from > to) throw errors.badRequest('period_invalid', '开始日期不能晚于结束日期', 'The start date cannot be after the end date');
  if (daysBetween(from, to) > 366) throw errors.badRequest('period_too_long', '统计期间最长一年', 'A period is at most one year');
  return { from, to };
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}

const hours = (minutes: number) => Math.round(minutes / 6) / 10;

export async function volunteerStats(ctx: AppContext, p: Principal, q: VolunteerStatsQuery): Promise<VolunteerStats> {
  const place0 = await placeFor(ctx.db, p, 'volunteers.read', q.nodeId);
  const place = { ...place0, depth: place0.path.split('.').length };
  const { from, to } = periodOf(q, chinaDay(ctx.clock.now()));
  const fromAt = startOfChinaDay(from).toISOString();
  const toAt = startOfChinaDay(addDays(to, 1)).toISOString();
  const china = (col: SQL) => sql`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

  const vScope = scopeOf(place, sql`v.community_id`, sql`v.node_id`);
  const aScope = scopeOf(place, sql`a.community_id`, sql`a.node_id`);
  const eScope = scopeOf(place, sql`e.community_id`, sql`e.node_id`);

  const [volunteerRows, activityRows, entryRows, [teams], [open]] = await Promise.all([
    queryRows<{ child: string | null; month: string | null; active: number; new: number }>(
      ctx.db,
      sql`select ${childOf(place, sql`v.community_id`, sql`v.node_id`)} as child,
            case when v.registered_at >= ${fromAt}::timestamptz and v.registered_at < ${toAt}::timestamptz then ${china(sql`v.registered_at`)} end as month,
            count(*) filter (where v.status = 'active')::int as active,
            count(*) filter (where v.registered_at >= ${fromAt}::timestamptz and v.registered_at < ${toAt}::timestamptz)::int as new
          from volunteers v where ${vScope}
          group by 1, 2`,
    ),
    queryRows<{ child: string | null; month: string; n: number }>(
      ctx.db,
      sql`select ${childOf(place, sql`a.community_id`, sql`a.node_id`)} as child, ${china(sql`a.starts_at`)} as month, count(*)::int as n
          from activities a
          where ${aScope} and a.status = 'published' and a.starts_at >= ${fromAt}::timestamptz and a.starts_at < ${toAt}::timestamptz
          group by 1, 2`,
    ),
    queryRows<{ child: string | null; month: string; minutes: number }>(
      ctx.db,
      sql`select ${childOf(place, sql`e.community_id`, sql`e.node_id`)} as child, to_char(e.service_date, 'YYYY-MM') as month,
            coalesce(sum(e.minutes), 0)::int as minutes
          from hour_entries e
          where ${eScope} and e.status = 'confirmed' and e.service_date between ${from}::date and ${to}::date
          group by 1, 2`,
    ),
    queryRows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from volunteer_teams t join org_nodes n on n.id = t.node_id
          where n.path <@ ${place.path}::ltree and t.dissolved_at is null`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from hour_entries e where ${eScope} and e.status in ('pending','awaiting_approval')`),
  ]);
  // Distinct participants over the whole period (a volunteer serving in two months counts once).
  const [served] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(distinct e.volunteer_id)::int as n from hour_entries e
        where ${eScope} and e.status = 'confirmed' and e.kind = 'record' and e.service_date between ${from}::date and ${to}::date`,
  );

  const months = new Map(monthsBetween(from, to).map((m) => [m, { month: m, newVolunteers: 0, activities: 0, participants: 0, minutes: 0 }]));
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
    sql`select to_char(e.service_date, 'YYYY-MM') as month, count(distinct e.volunteer_id)::int as n from hour_entries e
        where ${eScope} and e.status = 'confirmed' and e.kind = 'record' and e.service_date between ${from}::date and ${to}::date
        group by 1`,
  );
  for (const r of perMonth) {
    const m = months.get(r.month);
    if (m) m.participants = r.n;
  }

  const childPaths = [...children.keys()].filter((k): k is string => k !== null);
  const names = childPaths.length
    ? await queryRows<{ id: number; name: string; path: string }>(
        ctx.db,
        sql`select id, name, path::text as path from org_nodes where path = any(array[${sql.join(
          childPaths.map((c) => sql`${c}::ltree`),
          sql`, `,
        )}])`,
      )
    : [];
  const byPath = new Map(names.map((n) => [n.path, n]));
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
    },
    months: [...months.values()].map((m) => ({ month: m.month, newVolunteers: m.newVolunteers, activities: m.activities, participants: m.participants, confirmedHours: hours(m.minutes) })),
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

