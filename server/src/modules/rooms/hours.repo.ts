import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes, serviceCenters } from '../../db/schema/org.js';
import { roomHoursExceptions, roomHoursRules, rooms, roomSchedules, type ExceptionKind, type HolidayMode } from '../../db/schema/rooms.js';
import type { HoursRule, ScheduleData } from './hours.js';

export type ScheduleRow = typeof roomSchedules.$inferSelect;
export type ExceptionRow = typeof roomHoursExceptions.$inferSelect;

/** A schedule with the center it belongs to and that center's node (for the access check). */
export async function findSchedule(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ schedule: roomSchedules, nodePath: orgNodes.path, orgNodeId: serviceCenters.orgNodeId })
    .from(roomSchedules)
    .innerJoin(serviceCenters, eq(serviceCenters.id, roomSchedules.serviceCenterId))
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(eq(roomSchedules.id, id));
  return row;
}

export async function schedulesOfCenter(db: DbOrTx, centerId: number): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(roomSchedules)
    .where(eq(roomSchedules.serviceCenterId, centerId))
    .orderBy(sql`${roomSchedules.purpose} = 'rooms'`, asc(roomSchedules.name), asc(roomSchedules.id));
}

export async function scheduleNamed(db: DbOrTx, centerId: number, name: string) {
  const [row] = await db
    .select({ id: roomSchedules.id })
    .from(roomSchedules)
    .where(and(eq(roomSchedules.serviceCenterId, centerId), eq(roomSchedules.name, name)));
  return row;
}

export async function insertSchedule(db: DbOrTx, values: Omit<typeof roomSchedules.$inferInsert, 'id'>): Promise<ScheduleRow> {
  const [row] = await db.insert(roomSchedules).values(values).returning();
  return row!;
}

export async function updateSchedule(db: DbOrTx, id: number, patch: { name?: string; holidayMode?: HolidayMode; updatedAt: Date }) {
  const [row] = await db.update(roomSchedules).set(patch).where(eq(roomSchedules.id, id)).returning();
  return row!;
}

export async function rulesOf(db: DbOrTx, scheduleIds: number[]) {
  if (scheduleIds.length === 0) return [];
  return db
    .select()
    .from(roomHoursRules)
    .where(inArray(roomHoursRules.scheduleId, scheduleIds))
    .orderBy(sql`${roomHoursRules.validFrom} nulls first`, asc(roomHoursRules.id));
}

export async function replaceRules(db: DbOrTx, scheduleId: number, rules: HoursRule[]): Promise<void> {
  await db.delete(roomHoursRules).where(eq(roomHoursRules.scheduleId, scheduleId));
  if (rules.length > 0) await db.insert(roomHoursRules).values(rules.map((r) => ({ ...r, scheduleId })));
}

/** Exceptions of the schedules touching [from, to] (all when no range is given). */
export async function exceptionsOf(db: DbOrTx, scheduleIds: number[], range?: { from: string; to: string }): Promise<ExceptionRow[]> {
  if (scheduleIds.length === 0) return [];
  const conditions = [inArray(roomHoursExceptions.scheduleId, scheduleIds)];
  if (range) conditions.push(lte(roomHoursExceptions.dateFrom, range.to), gte(roomHoursExceptions.dateTo, range.from));
  return db
    .select()
    .from(roomHoursExceptions)
    .where(and(...conditions))
    .orderBy(asc(roomHoursExceptions.dateFrom), asc(roomHoursExceptions.id));
}

export async function findException(db: DbOrTx, id: number) {
  const [row] = await db.select().from(roomHoursExceptions).where(eq(roomHoursExceptions.id, id));
  return row;
}

export async function insertException(
  db: DbOrTx,
  values: {
    scheduleId: number;
    roomId: number | null;
    dateFrom: string;
    dateTo: string;
    kind: ExceptionKind;
    opensMin: number | null;
    closesMin: number | null;
    note: string | null;
    createdBy: number | null;
    createdAt: Date;
  },
): Promise<ExceptionRow> {
  const [row] = await db.insert(roomHoursExceptions).values(values).returning();
  return row!;
}

export async function deleteException(db: DbOrTx, id: number): Promise<void> {
  await db.delete(roomHoursExceptions).where(eq(roomHoursExceptions.id, id));
}

export async function roomOnSchedule(db: DbOrTx, scheduleId: number, roomId: number) {
  const [row] = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.id, roomId), eq(rooms.scheduleId, scheduleId)));
  return row;
}

export async function roomCountOn(db: DbOrTx, scheduleId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(rooms).where(eq(rooms.scheduleId, scheduleId));
  return row?.n ?? 0;
}

/** Schedules as resolution data: rules, and the exceptions touching the range. Two queries for any number. */
export async function loadScheduleData(db: DbOrTx, schedules: ScheduleRow[], range?: { from: string; to: string }): Promise<Map<number, ScheduleData>> {
  const ids = schedules.map((s) => s.id);
  const [rules, exceptions] = await Promise.all([rulesOf(db, ids), exceptionsOf(db, ids, range)]);
  const out = new Map<number, ScheduleData>();
  for (const s of schedules) {
    out.set(s.id, {
      id: s.id,
      name: s.name,
      purpose: s.purpose,
      holidayMode: s.holidayMode,
      rules: rules
        .filter((r) => r.scheduleId === s.id)
        .map((r) => ({ weekdays: r.weekdays, opensMin: r.opensMin, closesMin: r.closesMin, validFrom: r.validFrom, validTo: r.validTo })),
      exceptions: exceptions
        .filter((e) => e.scheduleId === s.id)
        .map((e) => ({
          id: e.id,
          roomId: e.roomId,
          dateFrom: e.dateFrom,
          dateTo: e.dateTo,
          kind: e.kind,
          opensMin: e.opensMin,
          closesMin: e.closesMin,
          note: e.note,
        })),
    });
  }
  return out;
}

export async function schedulesByIds(db: DbOrTx, ids: number[]): Promise<ScheduleRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(roomSchedules).where(inArray(roomSchedules.id, ids));
}
