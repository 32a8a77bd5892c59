import { describe, expect, it } from 'vitest';
import { toShanghaiIso, WorkCalendar, type CalendarOverride } from './calendar.js';
import { packageNationalCalendar, packageYears } from './calendarPackage.js';
import { AppError } from './errors.js';
import { NationalCalendar } from './nationalCalendar.js';

const national = packageNationalCalendar();
const official = new WorkCalendar({ national });
const at = (iso: string) => new Date(iso);
const local = (d: Date) => toShanghaiIso(d);

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

function range(from: string, to: string): string[] {
  return official.days(from, to).map((d) => d.date);
}

describe('the national calendar (seeded from the chinese-days data)', () => {
  it('the package has an unbroken run of years, from 2004 to at least 2026', () => {
    const years = packageYears().map((y) => y.year);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(national.isKnownYear(2026)).toBe(true);
    expect(national.isKnownYear(2003)).toBe(false);
    for (const y of packageYears()) expect(y.days.every((d) => d.date.startsWith(`${y.year}-`))).toBe(true);
  });

  it('Spring Festival 2026: Feb 15–23 off, make-up workdays on Saturdays Feb 14 and Feb 28 (State Council notice)', () => {
    for (const day of official.days('2026-02-15', '2026-02-23')) {
      expect(day).toMatchObject({ workday: false, reason: 'holiday', name: '春节', nameEn: 'Spring Festival' });
    }
    expect(official.dayInfo('2026-02-14')).toMatchObject({ workday: true, reason: 'makeup_workday', name: '春节' });
    expect(official.dayInfo('2026-02-28')).toMatchObject({ workday: true, reason: 'makeup_workday', name: '春节' });
    expect(official.dayInfo('2026-02-13')).toEqual({ date: '2026-02-13', workday: true, reason: 'weekday' });
    expect(official.dayInfo('2026-02-24')).toEqual({ date: '2026-02-24', workday: true, reason: 'weekday' });
    expect(official.dayInfo('2026-02-21').workday).toBe(false); // a Saturday inside the holiday stays off
    const off = official.days('2026-02-13', '2026-03-01').filter((d) => !d.workday).map((d) => d.date);
    expect(off).toEqual([...range('2026-02-15', '2026-02-23'), '2026-03-01']);
  });

  it('National Day 2026: Oct 1–7 off, make-up workdays Sun Sep 20 and Sat Oct 10', () => {
    for (const day of official.days('2026-10-01', '2026-10-07')) {
      expect(day).toMatchObject({ workday: false, reason: 'holiday', name: '国庆节' });
    }
    expect(official.dayInfo('2026-09-20')).toMatchObject({ workday: true, reason: 'makeup_workday', name: '国庆节' });
    expect(official.dayInfo('2026-10-10')).toMatchObject({ workday: true, reason: 'makeup_workday', name: '国庆节' });
    expect(official.dayInfo('2026-10-08').reason).toBe('weekday');
    expect(official.dayInfo('2026-10-11')).toEqual({ date: '2026-10-11', workday: false, reason: 'weekend' });
    expect(official.dayInfo('2026-09-26')).toMatchObject({ workday: false, reason: 'holiday', name: '中秋' });
  });

  it('a year without an entry counts Monday to Friday and says so on every day', () => {
    const year = national.knownYears().at(-1)! + 1;
    const jan = official.days(`${year}-01-01`, `${year}-01-31`);
    expect(jan.every((d) => d.estimated === true)).toBe(true);
    expect(jan.filter((d) => d.workday).length).toBe(jan.filter((d) => d.reason === 'weekday').length);
    expect(jan.some((d) => d.reason === 'holiday' || d.reason === 'makeup_workday')).toBe(false);
    expect(official.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', workday: true, reason: 'weekday', estimated: true });
    expect(official.dayInfo('2027-01-02')).toEqual({ date: '2027-01-02', workday: false, reason: 'weekend', estimated: true });
    expect(official.dayInfo('2003-06-02')).toMatchObject({ workday: true, estimated: true });
    // a known day carries no flag at all
    expect(official.dayInfo('2026-12-31')).toEqual({ date: '2026-12-31', workday: true, reason: 'weekday' });
    // arithmetic runs on into the estimated year, and says where it rested on an estimate
    const due = official.addWorkingTime(at('2026-12-31T17:00:00+08:00'), 60);
    expect(local(due)).toBe('2027-01-01T09:30:00+08:00');
    expect(official.estimatedBetween(at('2026-12-31T17:00:00+08:00'), due)).toBe(true);
    expect(official.estimatedBetween('2026-12-01', '2026-12-31')).toBe(false);
  });

  it('a year entered later turns New Year 2027 into a holiday and a Saturday into a make-up workday', () => {
    const entered = new NationalCalendar(
      [...national.knownYears(), 2027],
      [
        ...packageYears().flatMap((y) => y.days),
        { date: '2027-01-01', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
        { date: '2027-01-09', kind: 'workday', name: '春节', nameEn: 'Spring Festival' },
      ],
    );
    const calendar = new WorkCalendar({ national: entered });
    expect(calendar.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', workday: false, reason: 'holiday', name: '元旦', nameEn: "New Year's Day" });
    expect(calendar.dayInfo('2027-01-09')).toMatchObject({ workday: true, reason: 'makeup_workday' });
    expect(calendar.dayInfo('2027-01-04')).toEqual({ date: '2027-01-04', workday: true, reason: 'weekday' });
    expect(local(calendar.addWorkingTime(at('2026-12-31T17:00:00+08:00'), 60))).toBe('2027-01-04T09:30:00+08:00');
    expect(calendar.estimatedBetween('2026-12-01', '2027-12-31')).toBe(false);
    expect(calendar.estimatedBetween('2027-12-31', '2028-01-01')).toBe(true);
  });

  it('a local override decides an estimated day, which is then not estimated', () => {
    const calendar = new WorkCalendar({ national, overrides: [{ orgNodeId: 3, depth: 2, day: '2027-01-04', kind: 'rest', note: '换届' }] });
    expect(calendar.dayInfo('2027-01-04')).toEqual({ date: '2027-01-04', workday: false, reason: 'local_rest', note: '换届', overrideNodeId: 3 });
    expect(calendar.estimatedBetween('2027-01-04', '2027-01-04')).toBe(false);
    expect(calendar.estimatedBetween('2027-01-04', '2027-01-05')).toBe(true);
  });

  it('refuses impossible dates and instants as bad input', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '2026-13-01', '20260301', '']) {
      const err = thrown(() => official.isWorkday(bad));
      expect(err.status).toBe(400);
      expect(err.code).toBe('invalid_date');
    }
    expect(official.isWorkday('2024-02-29')).toBe(true);
    expect(thrown(() => official.addWorkingTime(new Date('nope'), 10)).code).toBe('invalid_instant');
    expect(thrown(() => official.addWorkingTime(at('2026-03-02T09:00:00+08:00'), -5)).code).toBe('invalid_duration');
    expect(thrown(() => official.addWorkingDays(at('2026-03-02T09:00:00+08:00'), 1.5)).code).toBe('invalid_duration');
  });
});

describe('addWorkingTime', () => {
  it('skips the lunch break and ends a stretch exactly at its closing', () => {
    expect(local(official.addWorkingTime(at('2026-03-04T11:30:00+08:00'), 60))).toBe('2026-03-04T14:00:00+08:00');
    expect(local(official.addWorkingTime(at('2026-03-04T09:00:00+08:00'), 180))).toBe('2026-03-04T12:00:00+08:00');
    expect(local(official.addWorkingTime(at('2026-03-04T12:40:00+08:00'), 10))).toBe('2026-03-04T13:40:00+08:00');
  });

  it('counts from the next opening when started outside working hours', () => {
    expect(local(official.addWorkingTime(at('2026-03-04T07:15:00+08:00'), 30))).toBe('2026-03-04T09:30:00+08:00');
    expect(local(official.addWorkingTime(at('2026-03-04T20:00:00+08:00'), 10))).toBe('2026-03-05T09:10:00+08:00');
    // 02:00 UTC on Mar 4 is 10:00 in China: the server's own zone never matters
    expect(local(official.addWorkingTime(at('2026-03-04T02:00:00Z'), 30))).toBe('2026-03-04T10:30:00+08:00');
    expect(official.addWorkingTime(at('2026-03-07T10:00:00+08:00'), 0).toISOString()).toBe('2026-03-07T02:00:00.000Z');
  });

  it('carries across a weekend', () => {
    expect(local(official.addWorkingTime(at('2026-03-06T17:00:00+08:00'), 60))).toBe('2026-03-09T09:30:00+08:00');
    expect(local(official.addWorkingTime(at('2026-03-07T11:00:00+08:00'), 60))).toBe('2026-03-09T10:00:00+08:00');
  });

  it('carries across the National Day holiday', () => {
    expect(local(official.addWorkingTime(at('2026-09-30T16:00:00+08:00'), 120))).toBe('2026-10-08T09:30:00+08:00');
    // five working days' worth (5 × 7 h) from the eve: Sep 30 (1.5 h), Oct 8, 9, 10 (make-up Sat), 12, then 5.5 h of Oct 13
    expect(local(official.addWorkingTime(at('2026-09-30T16:00:00+08:00'), 5 * 420))).toBe('2026-10-13T16:00:00+08:00');
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(local(official.addWorkingTime(at('2026-10-10T16:00:00+08:00'), 120))).toBe('2026-10-12T09:30:00+08:00');
    expect(local(official.addWorkingTime(at('2026-02-14T09:00:00+08:00'), 420))).toBe('2026-02-14T17:30:00+08:00');
    // one minute more runs past the whole Spring Festival
    expect(local(official.addWorkingTime(at('2026-02-14T09:00:00+08:00'), 421))).toBe('2026-02-24T09:01:00+08:00');
    // Saturday Sep 19 is a rest day, the Sunday after it a make-up workday
    expect(local(official.addWorkingTime(at('2026-09-19T17:00:00+08:00'), 60))).toBe('2026-09-20T10:00:00+08:00');
  });

  it('is undone by workingTimeBetween', () => {
    const starts = ['2026-02-12T15:20:00+08:00', '2026-09-30T16:00:00+08:00', '2026-05-08T12:10:00+08:00', '2025-12-31T18:00:00+08:00'];
    for (const s of starts) {
      for (const minutes of [1, 59, 180, 420, 421, 2000, 12_345]) {
        expect(official.workingTimeBetween(at(s), official.addWorkingTime(at(s), minutes))).toBe(minutes);
      }
    }
  });

  it('refuses a span of years instead of walking it', () => {
    const err = thrown(() => official.addWorkingTime(at('2005-01-04T09:00:00+08:00'), 6 * 250 * 420));
    expect(err.status).toBe(400);
    expect(err.code).toBe('calendar_span_too_long');
  });

  it('takes other working hours as a parameter', () => {
    const summer = new WorkCalendar({ national, hours: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '18:00' }] });
    expect(summer.minutesPerDay).toBe(420);
    expect(local(summer.addWorkingTime(at('2026-06-01T11:30:00+08:00'), 60))).toBe('2026-06-01T15:00:00+08:00');
    expect(official.minutesPerDay).toBe(420);
    expect(() => new WorkCalendar({ national, hours: [{ start: '13:00', end: '12:00' }] })).toThrow(RangeError);
    expect(() => new WorkCalendar({ national, hours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }] })).toThrow(
      RangeError,
    );
    expect(() => new WorkCalendar({ national, hours: [] })).toThrow(RangeError);
  });
});

describe('addWorkingDays, workingTimeBetween, workdaysBetween', () => {
  it('5 working days across National Day end at the closing of the 5th workday after the start day', () => {
    const start = at('2026-09-29T15:00:00+08:00');
    // Sep 30 (1), Oct 1–7 off, Oct 8 (2), Oct 9 (3), Sat Oct 10 make-up (4), Sun Oct 11 off, Oct 12 (5)
    const deadline = official.addWorkingDays(start, 5);
    expect(local(deadline)).toBe('2026-10-12T17:30:00+08:00');
    expect(official.workdaysBetween(start, deadline)).toBe(5);
  });

  it('5 working days across the Spring Festival count the make-up Saturday', () => {
    // Feb 13 (1), Sat Feb 14 make-up (2), Feb 15–23 off, Feb 24 (3), 25 (4), 26 (5)
    expect(local(official.addWorkingDays(at('2026-02-12T08:00:00+08:00'), 5))).toBe('2026-02-26T17:30:00+08:00');
  });

  it('does not count the start day, whatever the hour or kind of day', () => {
    expect(local(official.addWorkingDays(at('2026-03-04T08:00:00+08:00'), 1))).toBe('2026-03-05T17:30:00+08:00');
    expect(local(official.addWorkingDays(at('2026-03-07T21:00:00+08:00'), 1))).toBe('2026-03-09T17:30:00+08:00');
  });

  it('0 working days means the close of the current working day, or of the next if it has closed', () => {
    expect(local(official.addWorkingDays(at('2026-03-04T10:00:00+08:00'), 0))).toBe('2026-03-04T17:30:00+08:00');
    expect(local(official.addWorkingDays(at('2026-03-04T18:00:00+08:00'), 0))).toBe('2026-03-05T17:30:00+08:00');
    expect(local(official.addWorkingDays(at('2026-09-30T18:00:00+08:00'), 0))).toBe('2026-10-08T17:30:00+08:00');
  });

  it('measures working minutes without lunch, nights, weekends or holidays', () => {
    expect(official.workingTimeBetween(at('2026-03-04T11:00:00+08:00'), at('2026-03-04T14:00:00+08:00'))).toBe(90);
    expect(official.workingTimeBetween(at('2026-03-06T17:00:00+08:00'), at('2026-03-09T09:30:00+08:00'))).toBe(60);
    expect(official.workingTimeBetween(at('2026-09-30T16:00:00+08:00'), at('2026-10-08T09:30:00+08:00'))).toBe(120);
    expect(official.workingTimeBetween(at('2026-10-08T09:30:00+08:00'), at('2026-09-30T16:00:00+08:00'))).toBe(-120);
    expect(official.workingTimeBetween(at('2026-10-03T10:00:00+08:00'), at('2026-10-03T11:00:00+08:00'))).toBe(0);
  });

  it('counts workdays after one date up to and including the other', () => {
    expect(official.workdaysBetween('2026-09-28', '2026-10-12')).toBe(6);
    expect(official.workdaysBetween('2026-10-12', '2026-09-28')).toBe(-6);
    expect(official.workdaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(official.workdaysBetween('2026-03-02', '2026-03-04')).toBe(2);
    expect(official.isWorkingTime(at('2026-10-10T10:00:00+08:00'))).toBe(true);
    expect(official.isWorkingTime(at('2026-10-09T12:30:00+08:00'))).toBe(false);
  });

  it('is fast: a thousand deadlines in well under a second', () => {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) official.addWorkingDays(at('2026-01-05T10:00:00+08:00'), 1 + (i % 60));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('local overrides', () => {
  // depth as in the org tree: region 0 … town 3, community 4, grid 5
  const communityRest: CalendarOverride = { orgNodeId: 14, depth: 4, day: '2026-03-04', kind: 'rest', note: '社区换届选举' };
  const gridWork: CalendarOverride = { orgNodeId: 15, depth: 5, day: '2026-03-04', kind: 'work', note: '网格集中走访' };
  const countySunday: CalendarOverride = { orgNodeId: 12, depth: 2, day: '2026-03-08', kind: 'work', note: null };

  it('a local rest day removes the day from working time', () => {
    const calendar = new WorkCalendar({ national, overrides: [communityRest] });
    expect(calendar.dayInfo('2026-03-04')).toEqual({
      date: '2026-03-04',
      workday: false,
      reason: 'local_rest',
      note: '社区换届选举',
      overrideNodeId: 14,
    });
    expect(local(calendar.addWorkingTime(at('2026-03-03T17:00:00+08:00'), 60))).toBe('2026-03-05T09:30:00+08:00');
  });

  it('the nearest override wins whatever the order it comes in', () => {
    for (const overrides of [[communityRest, gridWork], [gridWork, communityRest]]) {
      const calendar = new WorkCalendar({ national, overrides });
      expect(calendar.dayInfo('2026-03-04')).toMatchObject({ workday: true, reason: 'local_work', overrideNodeId: 15 });
    }
  });

  it('a local workday on a Sunday opens it', () => {
    const calendar = new WorkCalendar({ national, overrides: [countySunday] });
    expect(calendar.isWorkday('2026-03-08')).toBe(true);
    expect(calendar.dayInfo('2026-03-08').reason).toBe('local_work');
    expect(local(calendar.addWorkingTime(at('2026-03-07T10:00:00+08:00'), 30))).toBe('2026-03-08T09:30:00+08:00');
    expect(calendar.workdaysBetween('2026-03-06', '2026-03-09')).toBe(2);
  });

  it('a local rest day inside an official holiday keeps the holiday name', () => {
    const calendar = new WorkCalendar({ national, overrides: [{ orgNodeId: 14, depth: 4, day: '2026-10-10', kind: 'rest' }] });
    expect(calendar.dayInfo('2026-10-10')).toMatchObject({ workday: false, reason: 'local_rest', name: '国庆节' });
  });
});
