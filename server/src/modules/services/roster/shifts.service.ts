import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { dutyShifts, dutySwaps } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { orgNodes } from '../../../db/schema/org.js';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { formatClock } from '../../rooms/hours.js';
import { pgConstraint } from '../../rooms/errors.js';
import { centerFor, type ServicesCenter } from '../common/center.js';
import { checkRange, dutyPerson, gapsOf, hallDays, parseHm, presentGap, rosterErrors } from './roster.common.js';
import type { CenterRangeQuery, FillBody, ShiftBody, ShiftPatch } from './roster.schema.js';

/** Shifts of the duty roster 坐班值班: the month view, add / edit / delete, and filling a rota in turn 轮流. */

type ShiftRow = typeof dutyShifts.$inferSelect;

export function presentShift(s: ShiftRow, name: string, pendingSwapId: number | null = null) {
  return {
    id: s.id,
    serviceCenterId: s.serviceCenterId,
    day: s.day,
    starts: formatClock(s.startsMin),
    ends: formatClock(s.endsMin),
    userId: s.userId,
    name,
    duty: s.duty,
    pendingSwapId,
  };
}

export async function shiftsBetween(db: DbOrTx, centerId: number, from: string, to: string) {
  const pending = sql<number | null>`(select ${dutySwaps.id} from ${dutySwaps} where ${dutySwaps.shiftId} = ${dutyShifts.id} and ${dutySwaps.status} = 'pending')`;
  return db
    .select({ shift: dutyShifts, name: users.displayName, mobile: users.mobile, pendingSwapId: pending })
    .from(dutyShifts)
    .innerJoin(users, eq(users.id, dutyShifts.userId))
    .where(and(eq(dutyShifts.serviceCenterId, centerId), gte(dutyShifts.day, from), lte(dutyShifts.day, to)))
    .orderBy(asc(dutyShifts.day), asc(dutyShifts.startsMin), asc(dutyShifts.id));
}

/** The week or month view: each day's hall hours and gaps, and the shifts (services.read). */
export async function rosterView(ctx: AppContext, principal: Principal, q: CenterRangeQuery) {
  const center = await centerFor(ctx.db, principal, q.centerId, 'services.read');
  checkRange(q.from, q.to);
  const [days, rows] = await Promise.all([hallDays(ctx.db, center, q.from, q.to), shiftsBetween(ctx.db, center.id, q.from, q.to)]);
  return {
    serviceCenterId: center.id,
    centerName: center.name,
    hasHallHours: days !== null,
    days: (days ?? []).map((d) => ({
      date: d.date,
      open: d.open,
      holiday: d.holiday,
      hours: d.intervals.map((i) => presentGap([i.start, i.end])),
      gaps: gapsOf(d, rows.filter((r) => r.shift.day === d.date).map((r) => r.shift)).map(presentGap),
    })),
    shifts: rows.map((r) => presentShift(r.shift, r.name, r.pendingSwapId)),
  };
}

/** People who may be put on duty at the center: staff roles at or under its node (for the pickers). */
export async function colleagues(ctx: AppContext, principal: Principal, centerId: number) {
  const center = await centerFor(ctx.db, principal, centerId, 'services.read');
  return { items: await colleaguesOf(ctx.db, center) };
}

export async function colleaguesOf(db: DbOrTx, center: ServicesCenter) {
  const rows = await db
    .selectDistinct({ userId: users.id, name: users.displayName })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(and(eq(users.disabled, false), sql`${roleAssignments.role} <> 'resident'`, sql`${orgNodes.path} <@ ${center.nodePath}::ltree`))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(200);
  return rows;
}

function times(starts: string, ends: string) {
  const s = parseHm(starts);
  const e = parseHm(ends);
  if (s >= e) throw rosterErrors.badTime();
  return { startsMin: s, endsMin: e };
}

async function writeShift<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgConstraint(err) === 'duty_shifts_person_key') throw rosterErrors.duplicate();
    throw err;
  }
}

export async function createShift(ctx: AppContext, principal: Principal, actor: ActorContext, body: ShiftBody) {
  const center = await centerFor(ctx.db, principal, body.centerId, 'services.manage');
  checkRange(body.day, body.day);
  const t = times(body.starts, body.ends);
  const person = await dutyPerson(ctx.db, center, body.userId);
  const now = ctx.clock.now();
  return writeShift(() =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(dutyShifts)
        .values({ serviceCenterId: center.id, nodeId: center.orgNodeId, day: body.day, ...t, userId: person.id, duty: body.duty?.trim() ?? '', createdBy: principal.userId, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, actor, now, { action: 'services.duty_shift.create', objectType: 'duty_shift', objectId: row!.id, orgNodeId: center.orgNodeId, details: { day: body.day, userId: person.id } });
      return presentShift(row!, person.displayName);
    }),
  );
}

async function loadShift(ctx: AppContext, principal: Principal, id: number, permission: 'services.read' | 'services.manage') {
  const [row] = await ctx.db.select().from(dutyShifts).where(eq(dutyShifts.id, id));
  if (!row) throw errors.notFound();
  const center = await centerFor(ctx.db, principal, row.serviceCenterId, permission);
  return { row, center };
}

export async function updateShift(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, patch: ShiftPatch) {
  const { row, center } = await loadShift(ctx, principal, id, 'services.manage');
  const day = patch.day ?? row.day;
  checkRange(day, day);
  const t = times(patch.starts ?? formatClock(row.startsMin), patch.ends ?? formatClock(row.endsMin));
  const person = await dutyPerson(ctx.db, center, patch.userId ?? row.userId);
  const now = ctx.clock.now();
  return writeShift(() =>
    ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(dutyShifts)
        .set({ day, ...t, userId: person.id, duty: patch.duty?.trim() ?? row.duty, updatedAt: now })
        .where(eq(dutyShifts.id, id))
        .returning();
      if (!updated) throw errors.notFound();
      await recordAudit(tx, actor, now, { action: 'services.duty_shift.update', objectType: 'duty_shift', objectId: id, orgNodeId: center.orgNodeId, details: { ...patch } });
      return presentShift(updated, person.displayName);
    }),
  );
}

export async function deleteShift(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const { row, center } = await loadShift(ctx, principal, id, 'services.manage');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(dutyShifts).where(eq(dutyShifts.id, id));
    await recordAudit(tx, actor, now, { action: 'services.duty_shift.delete', objectType: 'duty_shift', objectId: id, orgNodeId: center.orgNodeId, details: { day: row.day, userId: row.userId } });
  });
}

/**
 * Fill a rota in turn 轮流: the open days of the range, in order, each to the next person of the list; closed days
 * (weekday rules, public holidays from the calendar, closure exceptions) are skipped and do not use a turn. Each
 * shift covers the hall's day from its first opening to its last closing. Preview unless `apply`; applying skips a
 * shift the person already has (same day and start).
 */
export async function fillInTurn(ctx: AppContext, principal: Principal, actor: ActorContext, body: FillBody) {
  const center = await centerFor(ctx.db, principal, body.centerId, 'services.manage');
  checkRange(body.from, body.to);
  if (body.userIds.length === 0) throw rosterErrors.noPeople();
  const people = [];
  for (const userId of body.userIds) people.push(await dutyPerson(ctx.db, center, userId));
  const days = await hallDays(ctx.db, center, body.from, body.to);
  if (!days) throw rosterErrors.noHall();
  const existing = await shiftsBetween(ctx.db, center.id, body.from, body.to);
  const key = (day: string, startsMin: number, userId: number) => `${day}|${startsMin}|${userId}`;
  const taken = new Set(existing.map((e) => key(e.shift.day, e.shift.startsMin, e.shift.userId)));
  const skippedClosed: string[] = [];
  const planned: { day: string; startsMin: number; endsMin: number; userId: number; name: string; exists: boolean }[] = [];
  let turn = 0;
  for (const d of days) {
    if (!d.open) {
      skippedClosed.push(d.date);
      continue;
    }
    const p = people[turn % people.length]!;
    turn++;
    const startsMin = d.intervals[0]!.start;
    const endsMin = d.intervals.at(-1)!.end;
    planned.push({ day: d.date, startsMin, endsMin, userId: p.id, name: p.displayName, exists: taken.has(key(d.date, startsMin, p.id)) });
  }
  let created = 0;
  if (body.apply) {
    const now = ctx.clock.now();
    created = await ctx.db.transaction(async (tx) => {
      const fresh = planned.filter((p) => !p.exists);
      const rows = fresh.length
        ? await tx
            .insert(dutyShifts)
            .values(fresh.map((p) => ({ serviceCenterId: center.id, nodeId: center.orgNodeId, day: p.day, startsMin: p.startsMin, endsMin: p.endsMin, userId: p.userId, duty: body.duty?.trim() ?? '', createdBy: principal.userId, createdAt: now, updatedAt: now })))
            .onConflictDoNothing()
            .returning({ id: dutyShifts.id })
        : [];
      await recordAudit(tx, actor, now, {
        action: 'services.duty_shift.fill',
        objectType: 'service_center',
        objectId: center.id,
        orgNodeId: center.orgNodeId,
        details: { from: body.from, to: body.to, userIds: body.userIds, created: rows.length },
      });
      return rows.length;
    });
  }
  return {
    applied: body.apply === true,
    created,
    skippedClosed,
    shifts: planned.map((p) => ({ day: p.day, starts: formatClock(p.startsMin), ends: formatClock(p.endsMin), userId: p.userId, name: p.name, exists: p.exists })),
  };
}
