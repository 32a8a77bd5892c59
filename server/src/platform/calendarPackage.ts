import official from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import { NationalCalendar, type SpecialDay } from './nationalCalendar.js';

/**
 * The `chinese-days` package as a source of national calendar years. It seeds the database
 * (nationalCalendarStore.ts) for the years it covers; it is never read to answer a question about a day.
 * Every November the State Council publishes the next year's schedule before any package release has it:
 * that year is entered by a region admin instead, and a later package never overwrites it.
 */

interface OfficialData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const data = official as unknown as OfficialData;

/** What a seeded year records as its source, e.g. "chinese-days 1.5.7". */
export const PACKAGE_SOURCE_NOTE = `chinese-days ${(pkg as { version: string }).version}`;

export interface PackageYear {
  year: number;
  days: SpecialDay[];
}

/** Entries read "English name,中文名,n", e.g. "Spring Festival,春节,4". */
function splitName(entry: string): { name: string; nameEn: string | null } {
  const [en, zh] = entry.split(',');
  const nameEn = en?.trim() || null;
  return { name: zh?.trim() || nameEn || '节假日', nameEn };
}

/**
 * The years the package has, with their special days: the unbroken run of years with entries that ends at the
 * latest one (2004–2026 in 1.5.7). A year inside the run always has entries, so a gap would be a data error.
 */
function readPackage(): PackageYear[] {
  const byYear = new Map<number, SpecialDay[]>();
  const add = (date: string, kind: SpecialDay['kind'], entry: string) => {
    const year = Number(date.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push({ date, kind, ...splitName(entry) });
    byYear.set(year, list);
  };
  for (const [date, entry] of Object.entries(data.holidays)) add(date, 'holiday', entry);
  // A date listed as both would be a make-up workday inside a holiday's span: the workday wins, as at work.
  for (const [date, entry] of Object.entries(data.workdays)) add(date, 'workday', entry);
  const latest = Math.max(...byYear.keys());
  let earliest = latest;
  while (byYear.has(earliest - 1)) earliest--;
  const out: PackageYear[] = [];
  for (let year = earliest; year <= latest; year++) {
    const unique = new Map(byYear.get(year)!.map((d) => [d.date, d]));
    out.push({ year, days: [...unique.values()].sort((a, b) => a.date.localeCompare(b.date)) });
  }
  return out;
}

let cached: PackageYear[] | undefined;

export function packageYears(): PackageYear[] {
  cached ??= readPackage();
  return cached;
}

/** The package's data as a calendar, for pure tests and tools that have no database. */
export function packageNationalCalendar(): NationalCalendar {
  const years = packageYears();
  return new NationalCalendar(
    years.map((y) => y.year),
    years.flatMap((y) => y.days),
  );
}
