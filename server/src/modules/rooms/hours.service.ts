import type { DbOrTx } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { loadNodeOverrides } from '../../platform/calendar.js';
import { parseDay } from '../../platform/calendarDays.js';
import { loadNationalCalendar } from '../../platform/nationalCalendarStore.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { pgConstraint, pgErrorCode } from './errors.js';
import { checkRules, datesBetween, formatClock, HolidayCalendar, parseClock, resolveDay, type HoursRule, type ResolvedDay } from './hours.js';
import * as repo from './hours.repo.js';
import type { CreateExceptionBody, CreateScheduleBody, HoursRuleBody, PatchScheduleBody, PutRulesBody } from './hours.schema.js';
import { assertManageCenter, manages, type RoomScope } from './rooms.policy.js';
import type { RoomRow } from './rooms.repo.js';
import { loadScope, managedCenter, visibleCenter, visibleRoom } from './rooms.scope.js';
import * as roomsRepo from './rooms.repo.js';
import { checkRange, dateOf } from './time.js';

/** Opening hours: schedules, their weekday rules and exceptions, and the hours they resolve to. */

export const MAX_HOURS_DAYS = 92;

/** Public holidays as the center's node sees them: official ones and local rest days set at or above it. */
export async function holidaysAt(db: DbOrTx, orgNodeId: number): Promise<HolidayCalendar> {
  const national = await loadNationalCalendar(db);
  return new HolidayCalendar({ national, overrides: await loadNodeOverrides(db, orgNodeId) });
}

export function presentDay(day: ResolvedDay) {
  return {
    date: day.date,
    weekday: day.weekday,
    open: day.open,
    hours: day.intervals.map((i) => ({ opens: formatClock(i.start), closes: formatClock(i.end) })),
    ruleSet: day.ruleSet,
    holiday: day.holiday.holiday ? { name: day.holiday.name } : null,
    holidayKnown: day.holiday.known,
    exceptions: day.exceptions,
  };
}

/** A room's resolved days over a range: two queries for the schedule, one for the node's local rest days. */
export async function roomDays(db: DbOrTx, room: RoomRow, orgNodeId: number, from: string, to: string): Promise<ResolvedDay[]> {
  const [schedules, holidays] = await Promise.all([repo.schedulesByIds(db, [room.scheduleId]), holidaysAt(db, orgNodeId)]);
  const data = (await repo.loadScheduleData(db, schedules, { from, to })).get(room.scheduleId)!;
  return datesBetween(from, to).map((date) => resolveDay(data, date, holidays.on(date), room.id));
}

/** The schedules of a center as resolution data, with the holiday calendar of its node. */
export async function centerScheduleData(db: DbOrTx, centerId: number, orgNodeId: number, range: { from: string; to: string }) {
  const schedules = await repo.schedulesOfCenter(db, centerId);
  const [data, holidays] = await Promise.all([repo.loadScheduleData(db, schedules, range), holidaysAt(db, orgNodeId)]);
  return { schedules, data, holidays };
}

export async function roomHours(ctx: AppContext, principal: Principal, roomId: number, from: string, to: string) {
  checkRange(from, to, MAX_HOURS_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const row = await visibleRoom(ctx.db, scope, roomId);
  const days = await roomDays(ctx.db, row.room, row.orgNodeId, from, to);
  return { roomId: row.room.id, scheduleId: row.room.scheduleId, days: days.map(presentDay) };
}

/** What residents see: the hall's and the rooms' hours for each date, and each room's own (with its exceptions). */
export async function centerHours(ctx: AppContext, principal: Principal, centerId: number, from: string, to: string) {
  checkRange(from, to, MAX_HOURS_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const center = await visibleCenter(ctx.db, scope, centerId);
  const { schedules, data, holidays } = await centerScheduleData(ctx.db, centerId, center.center.orgNodeId, { from, to });
  const dates = datesBetween(from, to);
  const holidayOn = new Map(dates.map((d) => [d, holidays.on(d)]));
  const rooms = (await roomsRepo.roomsOfCenter(ctx.db, centerId)).filter((r) => r.room.active || manages(scope, r.nodePath));
  return {
    serviceCenterId: centerId,
    schedules: schedules.map((s) => ({
      scheduleId: s.id,
      name: s.name,
      purpose: s.purpose,
      holidayMode: s.holidayMode,
      days: dates.map((d) => presentDay(resolveDay(data.get(s.id)!, d, holidayOn.get(d)!))),
    })),
    rooms: rooms.map((r) => ({
      roomId: r.room.id,
      name: r.room.name,
      scheduleId: r.room.scheduleId,
      days: dates.map((d) => presentDay(resolveDay(data.get(r.room.scheduleId)!, d, holidayOn.get(d)!, r.room.id))),
    })),
  };
}

// ---- managing schedules ----------------------------------------------------------------------------------------

function ruleFromBody(r: HoursRuleBody): HoursRule {
  // parseDay refuses impossible dates (2026-02-30) that the date format lets through.
  if (r.validFrom) parseDay(r.validFrom);
  if (r.validTo) parseDay(r.validTo);
  return {
    weekdays: [...r.weekdays].sort((a, b) => a - b),
    opensMin: parseClock(r.opens, 'opens'),
    closesMin: parseClock(r.closes, 'closes'),
    validFrom: r.validFrom ?? null,
    validTo: r.validTo ?? null,
  };
}

function rulesFromBody(rules: HoursRuleBody[]): HoursRule[] {
  const out = rules.map(ruleFromBody);
  checkRules(out);
  return out;
}

function presentRule(r: HoursRule) {
  return { weekdays: r.weekdays, opens: formatClock(r.opensMin), closes: formatClock(r.closesMin), validFrom: r.validFrom, validTo: r.validTo };
}

export function presentException(e: repo.ExceptionRow) {
  return {
    id: e.id,
    scheduleId: e.scheduleId,
    roomId: e.roomId,
    dateFrom: e.dateFrom,
    dateTo: e.dateTo,
    kind: e.kind,
    opens: e.opensMin === null ? null : formatClock(e.opensMin),
    closes: e.closesMin === null ? null : formatClock(e.closesMin),
    note: e.note,
  };
}

async function presentSchedules(db: DbOrTx, scope: RoomScope, nodePath: string, schedules: repo.ScheduleRow[], today: string) {
  const ids = schedules.map((s) => s.id);
  const [rules, exceptions, counts] = await Promise.all([
    repo.rulesOf(db, ids),
    repo.exceptionsOf(db, ids, { from: today, to: '9999-12-31' }),
    Promise.all(ids.map((id) => repo.roomCountOn(db, id))),
  ]);
  const manage = manages(scope, nodePath);
  return schedules.map((s, i) => ({
    id: s.id,
    serviceCenterId: s.serviceCenterId,
    name: s.name,
    purpose: s.purpose,
    holidayMode: s.holidayMode,
    roomCount: counts[i]!,
    rules: rules.filter((r) => r.scheduleId === s.id).map(presentRule),
    exceptions: exceptions.filter((e) => e.scheduleId === s.id).map(presentException),
    allowedActions: manage ? (['manage'] as const).slice() : [],
  }));
}

export async function listSchedules(ctx: AppContext, principal: Principal, centerId: number) {
  const scope = await loadScope(ctx.db, principal);
  const center = await visibleCenter(ctx.db, scope, centerId);
  const schedules = await repo.schedulesOfCenter(ctx.db, centerId);
  return { items: await presentSchedules(ctx.db, scope, center.nodePath, schedules, dateOf(ctx.clock.now().getTime())) };
}

const scheduleNameTaken = (name: string) =>
  errors.conflict('schedule_name_taken', `该中心已有名为“${name}”的开放时间`, `This center already has opening hours called "${name}"`);
const hallTaken = () =>
  errors.conflict('hall_schedule_exists', '该中心已设置服务大厅的开放时间', 'This center already has the service hall’s opening hours');

export async function createSchedule(ctx: AppContext, principal: Principal, actor: ActorContext, centerId: number, body: CreateScheduleBody) {
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, centerId);
  const name = body.name.trim();
  if (!name) throw errors.badRequest('schedule_name_blank', '名称不能为空', 'The name cannot be blank');
  const rules = rulesFromBody(body.rules ?? []);
  const now = ctx.clock.now();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      if (await repo.scheduleNamed(tx, centerId, name)) throw scheduleNameTaken(name);
      if (body.purpose === 'hall' && (await repo.schedulesOfCenter(tx, centerId)).some((s) => s.purpose === 'hall')) throw hallTaken();
      const schedule = await repo.insertSchedule(tx, {
        serviceCenterId: centerId,
        name,
        purpose: body.purpose,
        holidayMode: body.holidayMode ?? (body.purpose === 'hall' ? 'closed' : 'open'),
        createdAt: now,
        updatedAt: now,
      });
      await repo.replaceRules(tx, schedule.id, rules);
      await recordAudit(tx, actor, now, {
        action: 'room_schedule.create',
        objectType: 'room_schedule',
        objectId: schedule.id,
        orgNodeId: center.center.orgNodeId,
        details: { name, purpose: body.purpose, rules: rules.length },
      });
      return schedule;
    });
    const [out] = await presentSchedules(ctx.db, scope, center.nodePath, [row], dateOf(now.getTime()));
    return out!;
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw pgConstraint(err) === 'room_schedules_one_hall_key' ? hallTaken() : scheduleNameTaken(name);
    throw err;
  }
}

async function managedSchedule(ctx: AppContext, scope: RoomScope, id: number) {
  const found = await repo.findSchedule(ctx.db, id);
  assertManageCenter(scope, found ? { nodePath: found.nodePath, open: false } : undefined);
  return found!;
}

export async function updateSchedule(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchScheduleBody) {
  const scope = await loadScope(ctx.db, principal);
  const found = await managedSchedule(ctx, scope, id);
  const name = body.name?.trim();
  if (body.name !== undefined && !name) throw errors.badRequest('schedule_name_blank', '名称不能为空', 'The name cannot be blank');
  const now = ctx.clock.now();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      if (name && name !== found.schedule.name && (await repo.scheduleNamed(tx, found.schedule.serviceCenterId, name))) throw scheduleNameTaken(name);
      const updated = await repo.updateSchedule(tx, id, { name, holidayMode: body.holidayMode, updatedAt: now });
      await recordAudit(tx, actor, now, {
        action: 'room_schedule.update',
        objectType: 'room_schedule',
        objectId: id,
        orgNodeId: found.orgNodeId,
        details: { before: { name: found.schedule.name, holidayMode: found.schedule.holidayMode }, after: body },
      });
      return updated;
    });
    const [out] = await presentSchedules(ctx.db, scope, found.nodePath, [row], dateOf(now.getTime()));
    return out!;
  } catch (err) {
    if (pgErrorCode(err) === '23505' && name) throw scheduleNameTaken(name);
    throw err;
  }
}

/** Replace all weekday rules of a schedule at once (the page edits them as one table). */
export async function putRules(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PutRulesBody) {
  const scope = await loadScope(ctx.db, principal);
  const found = await managedSchedule(ctx, scope, id);
  const rules = rulesFromBody(body.rules);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.rulesOf(tx, [id]);
    await repo.replaceRules(tx, id, rules);
    const updated = await repo.updateSchedule(tx, id, { updatedAt: now });
    await recordAudit(tx, actor, now, {
      action: 'room_schedule.rules',
      objectType: 'room_schedule',
      objectId: id,
      orgNodeId: found.orgNodeId,
      details: { before: before.map(presentRule), after: rules.map(presentRule) },
    });
    return updated;
  });
  const [out] = await presentSchedules(ctx.db, scope, found.nodePath, [row], dateOf(now.getTime()));
  return out!;
}

export async function addException(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CreateExceptionBody) {
  const scope = await loadScope(ctx.db, principal);
  const found = await managedSchedule(ctx, scope, id);
  const dateTo = body.dateTo ?? body.dateFrom;
  checkRange(body.dateFrom, dateTo, 366);
  const opens = body.opens == null ? null : parseClock(body.opens, 'opens');
  const closes = body.closes == null ? null : parseClock(body.closes, 'closes');
  if ((opens === null) !== (closes === null) || (opens !== null && closes !== null && opens >= closes)) {
    throw errors.badRequest('exception_times_invalid', '请同时填写开始和结束时刻，且结束晚于开始', 'Give both opens and closes, with closes after opens');
  }
  if (opens === null && body.kind !== 'closed') {
    throw errors.badRequest('exception_times_required', '开放或延时开放须填写时段', 'An open or extended exception needs its hours');
  }
  if (body.roomId && !(await repo.roomOnSchedule(ctx.db, id, body.roomId))) {
    throw errors.badRequest('exception_room_invalid', '该功能室不使用这套开放时间', 'That room does not use these opening hours', { roomId: body.roomId });
  }
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertException(tx, {
      scheduleId: id,
      roomId: body.roomId ?? null,
      dateFrom: body.dateFrom,
      dateTo,
      kind: body.kind,
      opensMin: opens,
      closesMin: closes,
      note: body.note?.trim() || null,
      createdBy: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: 'room_schedule.exception_add',
      objectType: 'room_schedule',
      objectId: id,
      orgNodeId: found.orgNodeId,
      details: presentException(inserted),
    });
    return inserted;
  });
  return presentException(row);
}

export async function deleteException(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, exceptionId: number) {
  const scope = await loadScope(ctx.db, principal);
  const found = await managedSchedule(ctx, scope, id);
  const exception = await repo.findException(ctx.db, exceptionId);
  if (!exception || exception.scheduleId !== id) throw errors.notFound();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.deleteException(tx, exceptionId);
    await recordAudit(tx, actor, now, {
      action: 'room_schedule.exception_delete',
      objectType: 'room_schedule',
      objectId: id,
      orgNodeId: found.orgNodeId,
      details: presentException(exception),
    });
  });
}
