import type { Principal } from '../../platform/access.js';
import { scopePaths } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { addDays, chinaDay, daysBetween, startOfChinaDay } from './days.js';
import { assertAny, loadPlace } from './gridwork.policy.js';
import type { DueQuery, PeriodQuery } from './gridwork.schema.js';
import * as repo from './plans.repo.js';

/**
 * Visit plans 走访计划. A person tagged with a care tag that has a visit rule is due `interval_days` after their last
 * visit (or after the tag was added, when never visited); the tag due first decides. Days are China dates:
 * overdue after the due date, due on it, due soon within three days before it.
 */

export const SOON_DAYS = 3;

export interface Plan {
  personId: number;
  name: string;
  householdId: number;
  gridId: number | null;
  communityId: number | null;
  place: string;
  lng: number | null;
  lat: number | null;
  tags: { code: string; name: string; roles: string[] }[];
  intervalDays: number;
  overdueNoticeDays: number;
  /** The start of the plan when never visited: the earliest tag's added date. */
  addedOn: string;
  lastVisitAt: Date | null;
  dueOn: string;
}

const asDate = (v: Date | string | null): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v));

/** Rows (one per person and tag) → one plan per person, the tag due first deciding. */
export function plansOf(rows: repo.PlannedRow[]): Plan[] {
  const byPerson = new Map<number, Plan>();
  for (const r of rows) {
    const last = asDate(r.last_visit);
    const added = asDate(r.added_at)!;
    const dueOn = addDays(chinaDay(last ?? added), r.interval_days);
    const tag = { code: r.tag_code, name: r.tag_name, roles: r.tag_roles };
    const plan = byPerson.get(r.person_id);
    if (!plan) {
      byPerson.set(r.person_id, {
        personId: r.person_id,
        name: r.name,
        householdId: r.household_id,
        gridId: r.grid_id,
        communityId: r.community_id,
        place: r.place,
        lng: r.lng == null ? null : Number(r.lng),
        lat: r.lat == null ? null : Number(r.lat),
        tags: [tag],
        intervalDays: r.interval_days,
        overdueNoticeDays: r.overdue_notice_days,
        addedOn: chinaDay(added),
        lastVisitAt: last,
        dueOn,
      });
      continue;
    }
    plan.tags.push(tag);
    if (chinaDay(added) < plan.addedOn) plan.addedOn = chinaDay(added);
    if (dueOn < plan.dueOn || (dueOn === plan.dueOn && r.interval_days < plan.intervalDays)) {
      plan.dueOn = dueOn;
      plan.intervalDays = r.interval_days;
      plan.overdueNoticeDays = r.overdue_notice_days;
    }
  }
  return [...byPerson.values()];
}

export function statusOf(dueOn: string, today: string): 'overdue' | 'due' | 'due_soon' | 'planned' {
  if (dueOn < today) return 'overdue';
  if (dueOn === today) return 'due';
  return dueOn <= addDays(today, SOON_DAYS) ? 'due_soon' : 'planned';
}

/** Metres between two WGS-84 points (haversine). */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

/** The caller's people due, due soon and overdue, in the places they log work for; nearest first given a point. */
export async function dueForWorker(ctx: AppContext, p: Principal, q: DueQuery) {
  const paths = scopePaths(p, 'gridwork.log');
  const today = chinaDay(ctx.clock.now());
  const roles = new Set(p.roles.map((r) => r.role));
  const here = q.lng != null && q.lat != null ? { lng: q.lng, lat: q.lat } : null;
  const items = plansOf(await repo.plannedPeople(ctx.db, paths))
    .map((plan) => {
      const status = statusOf(plan.dueOn, today);
      return {
        personId: plan.personId,
        name: plan.name,
        householdId: plan.householdId,
        place: plan.place,
        gridId: plan.gridId,
        tags: plan.tags.filter((t) => t.roles.some((r) => roles.has(r))).map((t) => ({ code: t.code, name: t.name })),
        intervalDays: plan.intervalDays,
        lastVisitAt: plan.lastVisitAt ? plan.lastVisitAt.toISOString() : null,
        dueOn: plan.dueOn,
        status,
        overdueDays: Math.max(0, daysBetween(plan.dueOn, today)),
        lng: plan.lng,
        lat: plan.lat,
        distanceM: here && plan.lng != null && plan.lat != null ? Math.round(distanceM(here.lng, here.lat, plan.lng, plan.lat)) : null,
      };
    })
    .filter((i) => i.status === 'overdue' || i.status === 'due' || (i.status === 'due_soon' && q.includeSoon !== false));
  items.sort((a, b) => {
    if (here) {
      if (a.distanceM != null && b.distanceM != null && a.distanceM !== b.distanceM) return a.distanceM - b.distanceM;
      if ((a.distanceM == null) !== (b.distanceM == null)) return a.distanceM == null ? 1 : -1;
    }
    return a.dueOn.localeCompare(b.dueOn) || a.personId - b.personId;
  });
  return { today, items: items.slice(0, q.limit) };
}

/**
 * Whether each visit due in [from, to] was made on time: walking each person's visits from the last one before the
 * period (or the tag's start), a due date met by a visit on or before it counts on time; a due date passed (up to
 * today) without one counts due and late, and the next visit starts the next interval (a visit on the day the interval
 * starts does not count again). A plan already overdue when
 * the period starts counts once, late. Due dates after today not yet met are not counted.
 */
export function coverOf(plan: Plan, lastBefore: Date | null, visitDays: string[], from: string, to: string, today: string) {
  const end = to < today ? to : today;
  let base = lastBefore ? chinaDay(lastBefore) : plan.addedOn;
  let due = 0;
  let onTime = 0;
  let i = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const dueOn = addDays(base, plan.intervalDays);
    if (dueOn > to) break;
    while (i < visitDays.length && visitDays[i]! <= base) i++;
    const visit = visitDays[i];
    if (visit !== undefined && visit <= dueOn) {
      due++;
      onTime++;
      base = visit;
      i++;
      continue;
    }
    if (dueOn > end) break;
    due++;
    if (visit === undefined) break;
    base = visit;
    i++;
  }
  return { due, onTime };
}

const rate = (c: { due: number; onTime: number }) => (c.due === 0 ? null : Math.round((c.onTime / c.due) * 1000) / 1000);

function period(q: { from?: string; to?: string }, today: string) {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw errors.badRequest('period_invalid', '开始日期不能晚于结束日期', 'The start date cannot be after the end date');
  if (daysBetween(from, to) > 366) throw errors.badRequest('period_too_long', '统计期间最长一年', 'A period is at most one year');
  return { from, to };
}

/** Coverage of a node (a community, usually): per grid and per grid worker, visits due in the period made on time. */
export async function coverage(ctx: AppContext, p: Principal, q: PeriodQuery) {
  const place = await loadPlace(ctx.db, q.nodeId);
  assertAny(p, ['gridwork.read', 'gridwork.log'], place.path);
  const today = chinaDay(ctx.clock.now());
  const { from, to } = period(q, today);
  const fromAt = startOfChinaDay(from);
  const plans = plansOf(await repo.plannedPeople(ctx.db, [place.path], fromAt));
  const visits = await repo.visitsBetween(
    ctx.db,
    plans.map((x) => x.personId),
    fromAt,
    startOfChinaDay(addDays(to, 1)),
  );
  const visitDays = new Map<number, string[]>();
  for (const v of visits) {
    const list = visitDays.get(v.person_id) ?? [];
    list.push(chinaDay(new Date(v.occurred_at)));
    visitDays.set(v.person_id, list);
  }
  const byGrid = new Map<number, { due: number; onTime: number; people: number }>();
  const total = { due: 0, onTime: 0 };
  for (const plan of plans) {
    // lastVisitAt here is the last visit before the period (plannedPeople cut at `from`).
    const c = coverOf(plan, plan.lastVisitAt, visitDays.get(plan.personId) ?? [], from, to, today);
    total.due += c.due;
    total.onTime += c.onTime;
    if (plan.gridId == null) continue;
    const g = byGrid.get(plan.gridId) ?? { due: 0, onTime: 0, people: 0 };
    g.due += c.due;
    g.onTime += c.onTime;
    g.people++;
    byGrid.set(plan.gridId, g);
  }
  const gridRows = await repo.gridsWithWorkers(ctx.db, place.path);
  const grids = new Map<number, { gridId: number; name: string; people: number; due: number; onTime: number; rate: number | null }>();
  const workers = new Map<number, { userId: number; name: string; gridIds: number[]; due: number; onTime: number; rate: number | null }>();
  for (const row of gridRows) {
    const c = byGrid.get(row.grid_id) ?? { due: 0, onTime: 0, people: 0 };
    if (!grids.has(row.grid_id)) grids.set(row.grid_id, { gridId: row.grid_id, name: row.grid_name, ...c, rate: rate(c) });
    if (row.user_id == null) continue;
    const w = workers.get(row.user_id) ?? { userId: row.user_id, name: row.user_name ?? '', gridIds: [], due: 0, onTime: 0, rate: null };
    if (!w.gridIds.includes(row.grid_id)) {
      w.gridIds.push(row.grid_id);
      w.due += c.due;
      w.onTime += c.onTime;
      w.rate = rate(w);
    }
    workers.set(row.user_id, w);
  }
  return { from, to, total: { ...total, rate: rate(total) }, grids: [...grids.values()], workers: [...workers.values()] };
}

export { period };
