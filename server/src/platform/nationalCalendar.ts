import { civilFromDays, parseDay, weekdayOf, type OfficialReason } from './calendarDays.js';

/**
 * The national working calendar (全国节假日安排) as data: the years whose State Council notice is known, and in
 * them the special days — holidays and make-up workdays (调休上班). Any other day is a workday Monday to Friday.
 * A day of a year with no entry is counted the same way but is *estimated*: the notice for that year is not in
 * yet and may still turn the day into a holiday or a make-up workday. Pure: built from rows, no I/O.
 * The rows live in the database (national_calendar_years / national_calendar_days, see nationalCalendarStore.ts).
 */

export const SPECIAL_DAY_KINDS = ['holiday', 'workday'] as const;
export type SpecialDayKind = (typeof SPECIAL_DAY_KINDS)[number];

export interface SpecialDay {
  /** YYYY-MM-DD */
  date: string;
  kind: SpecialDayKind;
  /** The holiday the day belongs to, in Chinese (春节); a make-up workday carries the holiday it makes up for. */
  name: string;
  nameEn: string | null;
}

export interface NationalDay {
  workday: boolean;
  reason: OfficialReason;
  name?: string;
  nameEn?: string;
  /** The year has no entry: Monday to Friday counted as workdays until its schedule is entered. */
  estimated: boolean;
}

interface Special {
  workday: boolean;
  name: string;
  nameEn: string | null;
}

export class NationalCalendar {
  private readonly years: ReadonlySet<number>;
  private readonly special = new Map<number, Special>();

  constructor(years: Iterable<number>, days: Iterable<SpecialDay>) {
    this.years = new Set(years);
    for (const d of days) this.special.set(parseDay(d.date), { workday: d.kind === 'workday', name: d.name, nameEn: d.nameEn });
  }

  isKnownYear(year: number): boolean {
    return this.years.has(year);
  }

  /** The years with an entry, ascending. */
  knownYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * Whether a day is a workday nationally. Special days only exist in known years, so an unknown year falls to
   * the Monday-to-Friday rule without asking which year it is (the hot path of deadline arithmetic).
   */
  workday(dayNumber: number): boolean {
    const special = this.special.get(dayNumber);
    if (special) return special.workday;
    const weekday = weekdayOf(dayNumber);
    return weekday !== 0 && weekday !== 6;
  }

  estimated(dayNumber: number): boolean {
    return !this.years.has(civilFromDays(dayNumber).year);
  }

  day(dayNumber: number): NationalDay {
    const estimated = this.estimated(dayNumber);
    const special = this.special.get(dayNumber);
    if (special) {
      return {
        workday: special.workday,
        reason: special.workday ? 'makeup_workday' : 'holiday',
        name: special.name,
        ...(special.nameEn ? { nameEn: special.nameEn } : {}),
        estimated,
      };
    }
    const weekday = weekdayOf(dayNumber);
    const weekend = weekday === 0 || weekday === 6;
    return { workday: !weekend, reason: weekend ? 'weekend' : 'weekday', estimated };
  }
}
