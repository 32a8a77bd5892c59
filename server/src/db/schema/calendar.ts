import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * The national working calendar (全国节假日安排) as data. A year with a row here is known; a year without one is
 * counted Monday to Friday and marked estimated (platform/nationalCalendar.ts). Years are seeded from the
 * `chinese-days` package on migrate when the package has them and the table does not; a region admin enters or
 * imports a year the package does not have yet (the State Council notice comes out around November).
 */
export const NATIONAL_YEAR_SOURCES = ['package', 'entered', 'imported'] as const;
export type NationalYearSource = (typeof NATIONAL_YEAR_SOURCES)[number];

export const nationalCalendarYears = pgTable(
  'national_calendar_years',
  {
    year: integer('year').primaryKey(),
    /** package: seeded from chinese-days; entered: typed in by a region admin; imported: from a JSON/CSV file. */
    source: text('source').$type<NationalYearSource>().notNull(),
    /** Where the dates come from, e.g. 国办发明电〔2026〕N号, or "chinese-days 1.5.7". */
    sourceNote: text('source_note'),
    enteredBy: integer('entered_by').references(() => users.id, { onDelete: 'set null' }),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('national_calendar_years_source_check', sql`${t.source} in ('package','entered','imported')`),
    check('national_calendar_years_year_check', sql`${t.year} between 1990 and 2200`),
  ],
);

/** A holiday or a make-up workday (调休上班) of a known year; every other day follows Monday to Friday. */
export const nationalCalendarDays = pgTable(
  'national_calendar_days',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => nationalCalendarYears.year, { onDelete: 'cascade' }),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    /** The holiday, in Chinese (春节); a make-up workday names the holiday it makes up for. */
    name: text('name').notNull(),
    nameEn: text('name_en'),
  },
  (t) => [
    index('national_calendar_days_year_idx').on(t.year),
    check('national_calendar_days_kind_check', sql`${t.kind} in ('holiday','workday')`),
    check('national_calendar_days_year_check', sql`extract(year from ${t.day}) = ${t.year}`),
  ],
);

/**
 * Deadlines to count again after a year's schedule arrived (entered, imported, or seeded from a newer package):
 * open requests whose deadlines touch that year. Worked through in batches by the requests module's job; the
 * cursor (`after_id`) moves in the same transaction as each batch's changes, so a batch is applied exactly once
 * even when two processes run the job.
 */
export const calendarRecomputes = pgTable(
  'calendar_recomputes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    year: integer('year').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<'pending' | 'done'>().notNull().default('pending'),
    /** Requests with ids up to this one have been looked at. */
    afterId: bigint('after_id', { mode: 'number' }).notNull().default(0),
    processed: integer('processed').notNull().default(0),
    /** Requests whose deadline moved (their owners were told). */
    moved: integer('moved').notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('calendar_recomputes_pending_idx')
      .on(t.id)
      .where(sql`${t.status} = 'pending'`),
    index('calendar_recomputes_year_idx').on(t.year, t.id),
    check('calendar_recomputes_status_check', sql`${t.status} in ('pending','done')`),
  ],
);
