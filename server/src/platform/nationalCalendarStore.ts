import { asc, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { calendarRecomputes, nationalCalendarDays, nationalCalendarYears } from '../db/schema/calendar.js';
import { PACKAGE_SOURCE_NOTE, packageYears } from './calendarPackage.js';
import { NationalCalendar } from './nationalCalendar.js';

/**
 * The national calendar read from the database and kept in the process: a few hundred rows (about 35 special
 * days a year), read at most once a TTL, so deadline arithmetic costs no query for it.
 *
 * - Entering a year in this process calls `invalidateNationalCalendar()` after commit: the next read is fresh.
 * - Another process (a second server on the same PostgreSQL) notices within NATIONAL_CACHE_TTL_MS. The recompute
 *   of deadlines reads fresh (`fresh: true`) and keeps sweeping new requests for a while after an entry
 *   (modules/requests/requests.recompute.ts), so a request filed in that window is not left estimated.
 * - One process serves one database (as main.ts opens it); the cache is not keyed by database.
 * The TTL is measured on the process's monotonic clock: it is cache housekeeping, not business time.
 */
export const NATIONAL_CACHE_TTL_MS = 60_000;

let cached: { calendar: NationalCalendar; loadedAt: number } | null = null;
/** Bumped by every invalidation, so a read that started before it never stores its (older) result. */
let generation = 0;

export function invalidateNationalCalendar(): void {
  generation++;
  cached = null;
}

/** Every known year and its special days, in two queries. */
export async function readNationalCalendar(db: DbOrTx): Promise<NationalCalendar> {
  const years = await db.select({ year: nationalCalendarYears.year }).from(nationalCalendarYears);
  const days = await db
    .select({ date: nationalCalendarDays.day, kind: nationalCalendarDays.kind, name: nationalCalendarDays.name, nameEn: nationalCalendarDays.nameEn })
    .from(nationalCalendarDays)
    .orderBy(asc(nationalCalendarDays.day));
  return new NationalCalendar(
    years.map((y) => y.year),
    days,
  );
}

export async function loadNationalCalendar(db: DbOrTx, options: { fresh?: boolean } = {}): Promise<NationalCalendar> {
  const now = performance.now();
  if (!options.fresh && cached && now - cached.loadedAt < NATIONAL_CACHE_TTL_MS) return cached.calendar;
  const started = generation;
  const calendar = await readNationalCalendar(db);
  if (started === generation) cached = { calendar, loadedAt: now };
  return calendar;
}

const INSERT_CHUNK = 500;

/**
 * Seed the years the `chinese-days` package has and the database has not (run by migrate, under its lock).
 * Idempotent, and a year already present — seeded earlier, entered or imported by an admin — is never
 * overwritten: the insert of the year row does nothing on conflict, and only the years actually inserted get
 * their days. When the table already had years, a newly seeded one (a package update that brought next year)
 * also queues a recompute of the deadlines that were estimated over it.
 */
export async function seedNationalCalendarFromPackage(db: Db): Promise<number[]> {
  const years = packageYears();
  const added = await db.transaction(async (tx) => {
    const [before] = await tx.select({ n: sql<number>`count(*)::int` }).from(nationalCalendarYears);
    const inserted = await tx
      .insert(nationalCalendarYears)
      .values(years.map((y) => ({ year: y.year, source: 'package' as const, sourceNote: PACKAGE_SOURCE_NOTE, enteredAt: sql`now()` })))
      .onConflictDoNothing()
      .returning({ year: nationalCalendarYears.year });
    const fresh = new Set(inserted.map((r) => r.year));
    const days = years
      .filter((y) => fresh.has(y.year))
      .flatMap((y) => y.days.map((d) => ({ day: d.date, year: y.year, kind: d.kind, name: d.name, nameEn: d.nameEn })));
    for (let i = 0; i < days.length; i += INSERT_CHUNK) await tx.insert(nationalCalendarDays).values(days.slice(i, i + INSERT_CHUNK));
    if (Number(before?.n ?? 0) > 0 && fresh.size > 0) {
      await tx.insert(calendarRecomputes).values([...fresh].map((year) => ({ year, requestedAt: sql`now()` })));
    }
    return [...fresh].sort((a, b) => a - b);
  });
  if (added.length) invalidateNationalCalendar();
  return added;
}
