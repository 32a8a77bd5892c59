import { OPEN_STATUSES, type RequestStatus } from '../../db/schema/requests.js';
import { assertCan, assertVisible, can, type Principal } from '../../platform/access.js';
import { formatDay, parseDay, shanghaiDate } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { roleHas } from '../../platform/roles.js';
import { serviceCentersAt } from '../org/serviceCenter.repo.js';
import { communityOf } from '../requests/metoo/repo.js';
import { countByCommunity } from '../requests/ledger/repo.js';
import { listLedger, resolveFilter } from '../requests/ledger/service.js';
import { rates, withRates } from '../requests/followup/rates.js';
import * as requestsRead from '../requests/core/read.js';
import { findNode } from '../requests/core/repo.js';
import { zeroCounts, type Counts } from '../requests/core/counters.js';
import { listForStaff, listMine as myBookings } from '../rooms/bookings.service.js';
import { centerScheduleData, presentDay } from '../rooms/hours.service.js';
import { resolveDay } from '../rooms/hours.js';
import * as repo from './home.repo.js';
import type { LedgerLink, OverviewQuery } from './home.schema.js';

/**
 * The home pages say what to do now. Every count here is the total of the list it links to, computed by that list's
 * own service function with the same filter (the inbox, the ledger, the approvals list), or — for counts by
 * community — by the ledger's own WHERE clause grouped by community; never a separate rule.
 */

const OPEN = [...OPEN_STATUSES] as RequestStatus[];
/** Above this many communities (a city, a region) the ranking is cut; a county has a few hundred at most. */
export const MAX_COMMUNITIES = 2000;

async function nodeFor(ctx: AppContext, p: Principal, nodeId: number) {
  const node = await findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertVisible(p, node.path);
  return node;
}

async function ledgerCount(ctx: AppContext, p: Principal, link: LedgerLink): Promise<{ count: number; ledger: LedgerLink }> {
  const page = await listLedger(ctx, p, { ...link, limit: 1, offset: 0 });
  return { count: page.total, ledger: link };
}

/** Community staff: what waits for them at the desk today. */
export async function desk(ctx: AppContext, p: Principal, nodeId: number) {
  const node = await nodeFor(ctx, p, nodeId);
  if (!can(p, 'requests.dispatch', node.path)) throw errors.forbidden();
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const inbox = (status: RequestStatus) => requestsRead.listInbox(ctx, p, { nodeId, status: [status], limit: 1, offset: 0 }).then((r) => r.total);
  const [submitted, accepted, overdue, dueToday, bookingsPending] = await Promise.all([
    inbox('submitted'),
    inbox('accepted'),
    ledgerCount(ctx, p, { nodeId, status: OPEN, overdue: true, sort: 'deadline' }),
    // Still on time but due before the day ends: overdue ones are counted above, not twice.
    ledgerCount(ctx, p, { nodeId, status: OPEN, overdue: false, dueOn: today, sort: 'deadline' }),
    pendingBookings(ctx, p, node, today),
  ]);
  return {
    node: { id: node.id, name: node.name, kind: node.kind },
    today,
    inbox: { submitted, accepted },
    overdue,
    dueToday,
    bookingsPending,
  };
}

/** The approvals page's own query, per center of the node: pending bookings from today to 61 days on. */
async function pendingBookings(ctx: AppContext, p: Principal, node: { id: number; path: string }, today: string) {
  if (!can(p, 'rooms.manage', node.path)) return null;
  const centers = await serviceCentersAt(ctx.db, node, true, 20);
  return Promise.all(
    centers.map(async (c) => {
      const { items } = await listForStaff(ctx, p, { from: today, to: formatDay(parseDay(today) + 61), centerId: c.id, status: ['pending'] });
      return { centerId: c.id, centerName: c.name, count: items.length };
    }),
  );
}

const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

const rateSummary = (c: Counts) => {
  const r = withRates(c);
  return { received: r.received, followedUp: r.followedUp, responseRate: r.responseRate, resolutionRate: r.resolutionRate, satisfactionRate: r.satisfactionRate };
};

/** Town and district admins: overdue and escalated work by community, and the three rates ranked. */
export async function overview(ctx: AppContext, p: Principal, query: OverviewQuery) {
  const node = await findNode(ctx.db, query.nodeId);
  if (!node) throw errors.notFound();
  assertCan(p, 'requests.read', node.path);
  const current = shanghaiDate(ctx.clock.now()).slice(0, 7);
  const previous = monthBefore(current);
  const listed = await repo.communitiesUnder(ctx.db, node.path, MAX_COMMUNITIES + 1);
  const communities = listed.slice(0, MAX_COMMUNITIES);
  const ids = communities.map((c) => c.id);
  const overdueLink = (id: number): LedgerLink => ({ nodeId: id, status: OPEN, overdue: true, sort: 'deadline' });
  const escalatedLink = (id: number): LedgerLink => ({ nodeId: id, status: OPEN, escalated: true, sort: 'deadline' });
  const now = ctx.clock.now();
  const [overdueFilter, escalatedFilter] = await Promise.all([
    resolveFilter(ctx, p, overdueLink(node.id), now),
    resolveFilter(ctx, p, escalatedLink(node.id), now),
  ]);
  const [overdue, escalated, counters, totals] = await Promise.all([
    countByCommunity(ctx.db, overdueFilter, ids),
    countByCommunity(ctx.db, escalatedFilter, ids),
    repo.countersByCommunity(ctx.db, ids, [previous, current]),
    rates(ctx, p, { nodeId: node.id, from: previous, to: current }),
  ]);
  const monthTotals = new Map(totals.byMonth.map((m) => [m.month, m]));
  const rows = communities.map((c) => ({
    node: { id: c.id, name: c.name, parentName: c.parentName },
    rank: 0,
    overdue: { count: overdue.get(c.id) ?? 0, ledger: overdueLink(c.id) },
    escalated: { count: escalated.get(c.id) ?? 0, ledger: escalatedLink(c.id) },
    current: rateSummary(counters.get(`${c.id}:${current}`) ?? zeroCounts()),
    previous: rateSummary(counters.get(`${c.id}:${previous}`) ?? zeroCounts()),
  }));
  const key = query.rankBy;
  rows.sort((a, b) => {
    const x = a.current[key];
    const y = b.current[key];
    if (x === null || y === null) return x === y ? a.node.name.localeCompare(b.node.name, 'zh') : x === null ? 1 : -1;
    return y - x || b.current.received - a.current.received || a.node.name.localeCompare(b.node.name, 'zh');
  });
  // Equal rates share a rank (1, 2, 2, 4); communities without a rate share the last one.
  rows.forEach((row, i) => {
    const before = rows[i - 1];
    row.rank = before && before.current[key] === row.current[key] ? before.rank : i + 1;
  });
  const summary = (m: string) => {
    const t = monthTotals.get(m);
    return t ? rateSummary(t) : rateSummary(zeroCounts());
  };
  return {
    node: { id: node.id, name: node.name, kind: node.kind },
    months: { current, previous },
    totals: { current: summary(current), previous: summary(previous) },
    rankBy: key,
    communities: rows,
    truncated: listed.length > MAX_COMMUNITIES,
  };
}

/** The phone home: my open requests and bookings, my community's phone and today's service-hall hours, my tasks. */
export async function mine(ctx: AppContext, p: Principal) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const community = await communityOf(ctx.db, p.homeNodeId);
  const handles = p.roles.some((r) => roleHas(r.role, 'requests.handle'));
  const [centers, requests, bookings, tasks] = await Promise.all([
    community ? serviceCentersAt(ctx.db, { id: community.id, path: community.path }, false, 10) : Promise.resolve([]),
    requestsRead.listMine(ctx, p, { status: OPEN, limit: 5, offset: 0 }),
    myBookings(ctx, p, { from: today, status: ['pending', 'confirmed'], limit: 5 }),
    handles ? requestsRead.listTasks(ctx, p, { limit: 5, offset: 0 }) : Promise.resolve(null),
  ]);
  const center = centers.find((c) => c.kind === 'center') ?? centers[0] ?? null;
  let hallToday = null;
  if (center) {
    const { schedules, data, holidays } = await centerScheduleData(ctx.db, center.id, center.orgNodeId, { from: today, to: today });
    const hall = schedules.find((s) => s.purpose === 'hall');
    if (hall) {
      const day = presentDay(resolveDay(data.get(hall.id)!, today, holidays.on(today)));
      hallToday = { open: day.open, hours: day.hours, holiday: day.holiday };
    }
  }
  return {
    community: community ? { id: community.id, name: community.name } : null,
    center: center ? { id: center.id, name: center.name, phone: center.phone, address: center.address } : null,
    today,
    hallToday,
    requests,
    bookings: bookings.items.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    tasks,
  };
}
