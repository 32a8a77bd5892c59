import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarRecomputes, nationalCalendarDays, nationalCalendarYears, type NationalYearSource } from '../../db/schema/calendar.js';
import { users } from '../../db/schema/users.js';
import type { SpecialDay } from '../../platform/nationalCalendar.js';

const summary = {
  year: nationalCalendarYears.year,
  source: nationalCalendarYears.source,
  sourceNote: nationalCalendarYears.sourceNote,
  enteredById: nationalCalendarYears.enteredBy,
  enteredByName: users.displayName,
  enteredAt: nationalCalendarYears.enteredAt,
  holidays: sql<number>`(select count(*)::int from national_calendar_days d where d.year = ${nationalCalendarYears.year} and d.kind = 'holiday')`,
  makeupWorkdays: sql<number>`(select count(*)::int from national_calendar_days d where d.year = ${nationalCalendarYears.year} and d.kind = 'workday')`,
};

export type YearRow = Awaited<ReturnType<typeof listYears>>[number];

/** Every known year with who entered it and how many special days it has, latest first. */
export async function listYears(db: DbOrTx) {
  return db
    .select(summary)
    .from(nationalCalendarYears)
    .leftJoin(users, eq(users.id, nationalCalendarYears.enteredBy))
    .orderBy(desc(nationalCalendarYears.year));
}

export async function findYear(db: DbOrTx, year: number): Promise<YearRow | undefined> {
  const [row] = await db
    .select(summary)
    .from(nationalCalendarYears)
    .leftJoin(users, eq(users.id, nationalCalendarYears.enteredBy))
    .where(eq(nationalCalendarYears.year, year));
  return row;
}

/** The year's row locked until the transaction ends: two admins entering one year take turns. */
export async function lockYear(db: DbOrTx, year: number) {
  const [row] = await db.select().from(nationalCalendarYears).where(eq(nationalCalendarYears.year, year)).for('update');
  return row;
}

export async function daysOfYear(db: DbOrTx, year: number): Promise<SpecialDay[]> {
  return db
    .select({ date: nationalCalendarDays.day, kind: nationalCalendarDays.kind, name: nationalCalendarDays.name, nameEn: nationalCalendarDays.nameEn })
    .from(nationalCalendarDays)
    .where(eq(nationalCalendarDays.year, year))
    .orderBy(asc(nationalCalendarDays.day));
}

/**
 * Write the year and replace its days. The insert of the year row settles a race between two first entries:
 * the second waits on the first's uncommitted row, then updates it.
 */
export async function replaceYear(
  db: DbOrTx,
  entry: { year: number; source: NationalYearSource; sourceNote: string; enteredBy: number; enteredAt: Date },
  days: readonly SpecialDay[],
): Promise<void> {
  await db
    .insert(nationalCalendarYears)
    .values(entry)
    .onConflictDoUpdate({
      target: nationalCalendarYears.year,
      set: { source: entry.source, sourceNote: entry.sourceNote, enteredBy: entry.enteredBy, enteredAt: entry.enteredAt },
    });
  await db.delete(nationalCalendarDays).where(eq(nationalCalendarDays.year, entry.year));
  if (days.length) {
    await db
      .insert(nationalCalendarDays)
      .values(days.map((d) => ({ day: d.date, year: entry.year, kind: d.kind, name: d.name, nameEn: d.nameEn })));
  }
}

export async function insertRecompute(db: DbOrTx, row: { year: number; requestedAt: Date; requestedBy: number }): Promise<void> {
  await db.insert(calendarRecomputes).values(row);
}

export type RecomputeRow = typeof calendarRecomputes.$inferSelect;

/** The latest recompute of each year. */
export async function latestRecomputes(db: DbOrTx): Promise<Map<number, RecomputeRow>> {
  const rows = await db
    .selectDistinctOn([calendarRecomputes.year])
    .from(calendarRecomputes)
    .orderBy(asc(calendarRecomputes.year), desc(calendarRecomputes.id));
  return new Map(rows.map((r) => [r.year, r]));
}
