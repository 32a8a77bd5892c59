import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../platform/calendar.js';
import { packageNationalCalendar } from '../../../platform/calendarPackage.js';
import { parseClock, type HoursRule, type ScheduleData } from '../../rooms/hours.js';
import { cutSlots, hallDay, windowDays } from './slots.js';

const m = (hhmm: string) => parseClock(hhmm);
const rule = (weekdays: number[], opens: string, closes: string): HoursRule => ({ weekdays, opensMin: m(opens), closesMin: m(closes), validFrom: null, validTo: null });
const clock = (n: number) => `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

/** The seeds' hall: weekdays 09:00–12:00 and 13:30–18:30 (one hour longer), weekend mornings 09:00–12:00. */
const hall: ScheduleData = {
  id: 1,
  name: '服务大厅',
  purpose: 'hall',
  holidayMode: 'closed',
  rules: [rule([1, 2, 3, 4, 5], '09:00', '12:00'), rule([1, 2, 3, 4, 5], '13:30', '18:30'), rule([6, 7], '09:00', '12:00')],
  exceptions: [],
};
const calendar = new WorkCalendar({ national: packageNationalCalendar() });
const slotsOn = (s: ScheduleData, date: string, minutes = 30) => cutSlots(hallDay(s, date, calendar.dayInfo(date)).intervals, minutes).map((x) => clock(x.start));

describe('cutting hours into slots', () => {
  it('slots fit entirely inside an open interval', () => {
    expect(cutSlots([{ start: m('09:00'), end: m('10:00') }], 25).map((s) => clock(s.start))).toEqual(['09:00', '09:25']);
    expect(cutSlots([{ start: m('09:00'), end: m('09:20') }], 30)).toEqual([]);
    expect(cutSlots([{ start: m('09:00'), end: m('12:00') }, { start: m('13:30'), end: m('14:30') }], 60).map((s) => clock(s.start))).toEqual(['09:00', '10:00', '11:00', '13:30']);
  });

  it('a weekday of the seeds’ hours: 6 morning and 10 afternoon half-hours, the last at 18:00', () => {
    const slots = slotsOn(hall, '2026-03-03');
    expect(slots).toHaveLength(16);
    expect(slots.slice(5, 7)).toEqual(['11:30', '13:30']);
    expect(slots.at(-1)).toBe('18:00');
    expect(slotsOn(hall, '2026-03-07')).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']); // Saturday morning
  });
});

describe('the working calendar: 国庆 2026', () => {
  it('holidays close the hall (holiday_mode closed), 1–7 October', () => {
    for (const date of ['2026-10-01', '2026-10-03', '2026-10-07']) {
      const day = hallDay(hall, date, calendar.dayInfo(date));
      expect(day.open).toBe(false);
      expect(day.holiday).toMatchObject({ holiday: true, name: '国庆节' });
    }
    expect(slotsOn(hall, '2026-10-08')).toHaveLength(16);
  });

  it('make-up workdays (Sunday 20 September, Saturday 10 October) open with Monday’s hours', () => {
    for (const date of ['2026-09-20', '2026-10-10']) {
      const day = hallDay(hall, date, calendar.dayInfo(date));
      expect(day.makeupWorkday).toBe(true);
      expect(slotsOn(hall, date)).toHaveLength(16);
    }
    // an ordinary weekend keeps its morning
    expect(hallDay(hall, '2026-10-11', calendar.dayInfo('2026-10-11')).makeupWorkday).toBe(false);
    expect(slotsOn(hall, '2026-10-11')).toHaveLength(6);
  });

  it('holiday_mode open ignores the calendar; sunday mode uses Sunday’s hours on a holiday', () => {
    const open = { ...hall, holidayMode: 'open' as const };
    expect(slotsOn(open, '2026-10-10')).toHaveLength(6); // weekend hours stay
    expect(slotsOn(open, '2026-10-01')).toHaveLength(16); // Thursday hours
    expect(slotsOn({ ...hall, holidayMode: 'sunday' }, '2026-10-01')).toHaveLength(6);
    expect(slotsOn({ ...hall, holidayMode: 'sunday' }, '2026-09-20')).toHaveLength(16);
  });

  it('exceptions still apply: the seeds’ extended hours add slots, a closed exception removes them', () => {
    const extended: ScheduleData = {
      ...hall,
      exceptions: [
        { id: 1, roomId: null, dateFrom: '2026-03-04', dateTo: '2026-03-04', kind: 'extended', opensMin: m('18:30'), closesMin: m('19:30'), note: '延时服务' },
        { id: 2, roomId: null, dateFrom: '2026-03-05', dateTo: '2026-03-05', kind: 'closed', opensMin: m('13:30'), closesMin: m('18:30'), note: '集中学习' },
      ],
    };
    expect(slotsOn(extended, '2026-03-04').slice(-2)).toEqual(['18:30', '19:00']);
    expect(slotsOn(extended, '2026-03-05')).toHaveLength(6);
  });
});

describe('window days', () => {
  it('merges stored rows (their own capacity), free seats and the booking bounds', () => {
    const day = hallDay(hall, '2026-03-03', calendar.dayInfo('2026-03-03'));
    const nine = new Date('2026-03-03T09:00:00+08:00');
    const [d] = windowDays([day], { slotMinutes: 30, slotCapacity: 3 }, [{ startsAt: nine, capacity: 5, taken: 4 }], {
      earliest: new Date('2026-03-03T09:30:00+08:00'),
      latest: new Date('2026-03-04T00:00:00+08:00'),
    });
    expect(d!.slots[0]).toMatchObject({ capacity: 5, taken: 4, free: 1, bookable: false });
    expect(d!.slots[1]).toMatchObject({ capacity: 3, taken: 0, free: 3, bookable: true });
  });
});
