import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { roomsWorld, roomVia, scheduleVia, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { packageNationalCalendar } from '../../platform/calendarPackage.js';
import { AppError } from '../../platform/errors.js';
import { checkRules, HolidayCalendar, parseClock, resolveDay, type HoursRule, type ScheduleData } from './hours.js';

const m = (hhmm: string) => parseClock(hhmm);
const rule = (weekdays: number[], opens: string, closes: string, validFrom: string | null = null, validTo: string | null = null): HoursRule => ({
  weekdays,
  opensMin: m(opens),
  closesMin: m(closes),
  validFrom,
  validTo,
});
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * The seed article (000): from 22 October 2020 Qingshan's service halls serve one hour longer Monday to Friday
 * and three extra hours on Saturday and Sunday mornings; function rooms stay open until 22:00 and open at
 * weekends. Before that, both kept office hours on weekdays only.
 */
const hall: ScheduleData = {
  id: 1,
  name: '服务大厅',
  purpose: 'hall',
  holidayMode: 'closed',
  rules: [rule(WEEKDAYS, '08:30', '17:30', null, '2020-10-21'), rule(WEEKDAYS, '08:30', '18:30', '2020-10-22'), rule(WEEKEND, '09:00', '12:00', '2020-10-22')],
  exceptions: [],
};
const roomsSchedule: ScheduleData = {
  id: 2,
  name: '功能室',
  purpose: 'rooms',
  holidayMode: 'open',
  rules: [rule(WEEKDAYS, '08:30', '17:30', null, '2020-10-21'), rule(EVERY_DAY, '08:30', '22:00', '2020-10-22')],
  exceptions: [],
};

const national = packageNationalCalendar();
const holidays = new HolidayCalendar({ national });
const hoursOn = (s: ScheduleData, date: string, roomId?: number) =>
  resolveDay(s, date, holidays.on(date), roomId).intervals.map((i) => `${String(i.start / 60 | 0).padStart(2, '0')}:${String(i.start % 60).padStart(2, '0')}-${String(i.end / 60 | 0).padStart(2, '0')}:${String(i.end % 60).padStart(2, '0')}`);

describe('opening hours: the seeds’ example', () => {
  it('before 22 October 2020: office hours on weekdays, closed at weekends', () => {
    expect(hoursOn(hall, '2020-10-21')).toEqual(['08:30-17:30']); // Wednesday
    expect(hoursOn(roomsSchedule, '2020-10-21')).toEqual(['08:30-17:30']);
    expect(hoursOn(hall, '2020-10-18')).toEqual([]); // Sunday
    expect(hoursOn(roomsSchedule, '2020-10-18')).toEqual([]);
  });

  it('from 22 October: the hall one hour longer on weekdays, rooms until 22:00', () => {
    expect(hoursOn(hall, '2020-10-22')).toEqual(['08:30-18:30']); // Thursday
    expect(hoursOn(roomsSchedule, '2020-10-22')).toEqual(['08:30-22:00']);
    const day = resolveDay(roomsSchedule, '2020-10-22', holidays.on('2020-10-22'));
    expect(day).toMatchObject({ weekday: 4, open: true, ruleSet: { validFrom: '2020-10-22', validTo: null } });
  });

  it('Sunday 29 November 2020, after four in the afternoon: the rooms are open, the hall had its three morning hours', () => {
    const rooms = resolveDay(roomsSchedule, '2020-11-29', holidays.on('2020-11-29'));
    expect(rooms.weekday).toBe(7);
    expect(rooms.intervals.some((i) => i.start <= m('16:00') && m('16:30') <= i.end)).toBe(true);
    expect(hoursOn(hall, '2020-11-29')).toEqual(['09:00-12:00']);
    expect(hoursOn(hall, '2020-11-28')).toEqual(['09:00-12:00']); // Saturday
  });
});

describe('opening hours: public holidays', () => {
  it('National Day 2026: the hall (closed on holidays) is closed, the rooms (open) keep their hours', () => {
    const day = resolveDay(hall, '2026-10-01', holidays.on('2026-10-01'));
    expect(day).toMatchObject({ open: false, holiday: { holiday: true, name: '国庆节', known: true } });
    expect(hoursOn(roomsSchedule, '2026-10-01')).toEqual(['08:30-22:00']);
  });

  it('holiday mode "sunday" opens a weekday holiday with Sunday’s hours', () => {
    const s: ScheduleData = { ...roomsSchedule, holidayMode: 'sunday', rules: [rule(WEEKDAYS, '08:30', '22:00'), rule([7], '14:00', '18:00')] };
    expect(hoursOn(s, '2026-10-01')).toEqual(['14:00-18:00']); // Thursday, 国庆节
    expect(hoursOn(s, '2026-10-08')).toEqual(['08:30-22:00']); // the Thursday after
  });

  it('a make-up workday keeps its own weekday’s hours; an uncovered year is flagged, not guessed', () => {
    expect(holidays.on('2026-10-10')).toEqual({ holiday: false, name: null, known: true }); // Saturday, 调休 workday
    expect(hoursOn(hall, '2026-10-10')).toEqual(['09:00-12:00']);
    const far = resolveDay(hall, '2099-01-01', holidays.on('2099-01-01'));
    expect(far.holiday).toEqual({ holiday: false, name: null, known: false });
    expect(far.open).toBe(true); // a Thursday: weekday rules, flagged holidayKnown=false
  });

  it('a local rest day set at the center’s node counts as a holiday', () => {
    const local = new HolidayCalendar({ national, overrides: [{ orgNodeId: 9, depth: 4, day: '2026-07-15', kind: 'rest', note: '那达慕' }] });
    const day = resolveDay(hall, '2026-07-15', local.on('2026-07-15'));
    expect(day).toMatchObject({ open: false, holiday: { holiday: true, name: '那达慕' } });
  });
});

describe('opening hours: exceptions and rule sets', () => {
  const base: ScheduleData = { ...roomsSchedule, rules: [rule(EVERY_DAY, '08:30', '22:00')] };
  const ex = (id: number, kind: 'closed' | 'open' | 'extended', from: string, to: string, opens?: string, closes?: string, roomId: number | null = null) => ({
    id,
    roomId,
    dateFrom: from,
    dateTo: to,
    kind,
    opensMin: opens ? m(opens) : null,
    closesMin: closes ? m(closes) : null,
    note: null,
  });

  it('closed for a range, closed for part of a day, extended, and opened on a closed holiday', () => {
    const s: ScheduleData = {
      ...base,
      exceptions: [ex(1, 'closed', '2026-02-16', '2026-02-18'), ex(2, 'closed', '2026-03-04', '2026-03-04', '12:00', '14:00'), ex(3, 'extended', '2026-03-05', '2026-03-05', '22:00', '23:30')],
    };
    expect(hoursOn(s, '2026-02-15')).toEqual(['08:30-22:00']);
    expect(hoursOn(s, '2026-02-17')).toEqual([]);
    expect(hoursOn(s, '2026-03-04')).toEqual(['08:30-12:00', '14:00-22:00']);
    expect(hoursOn(s, '2026-03-05')).toEqual(['08:30-23:30']);
    const hallOpen: ScheduleData = { ...hall, exceptions: [ex(4, 'open', '2026-10-02', '2026-10-02', '09:00', '11:00')] };
    expect(hoursOn(hallOpen, '2026-10-01')).toEqual([]);
    expect(hoursOn(hallOpen, '2026-10-02')).toEqual(['09:00-11:00']);
  });

  it('a room’s own exception applies to that room only; closed wins over extended', () => {
    const s: ScheduleData = { ...base, exceptions: [ex(5, 'closed', '2026-03-10', '2026-03-10', undefined, undefined, 7), ex(6, 'extended', '2026-03-10', '2026-03-10', '22:00', '23:00')] };
    expect(hoursOn(s, '2026-03-10', 7)).toEqual([]);
    expect(hoursOn(s, '2026-03-10', 8)).toEqual(['08:30-23:00']);
    expect(hoursOn(s, '2026-03-10')).toEqual(['08:30-23:00']);
  });

  it('the rule set starting latest wins inside its dates; a weekday it leaves out is closed', () => {
    const s: ScheduleData = { ...base, rules: [rule(EVERY_DAY, '08:30', '22:00'), rule(WEEKDAYS, '07:00', '12:00', '2026-07-01', '2026-08-31'), rule(WEEKDAYS, '15:00', '22:00', '2026-07-01', '2026-08-31')] };
    expect(hoursOn(s, '2026-06-30')).toEqual(['08:30-22:00']);
    expect(hoursOn(s, '2026-07-01')).toEqual(['07:00-12:00', '15:00-22:00']);
    expect(hoursOn(s, '2026-07-04')).toEqual([]); // a Saturday in the summer set
    expect(hoursOn(s, '2026-09-01')).toEqual(['08:30-22:00']);
  });

  it('refuses overlapping rules in one set and a set whose rules end on different dates', () => {
    const refused = (rules: HoursRule[]) => {
      try {
        checkRules(rules);
        return null;
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(refused([rule(WEEKDAYS, '08:00', '12:00'), rule([1], '11:00', '14:00')])).toBe('hours_rule_overlap');
    expect(refused([rule(WEEKDAYS, '08:00', '12:00', '2026-01-01', '2026-06-30'), rule(WEEKEND, '09:00', '12:00', '2026-01-01')])).toBe('hours_rule_set_mismatch');
    expect(refused([rule(WEEKDAYS, '08:00', '12:00'), rule([1], '12:00', '14:00')])).toBeNull();
  });
});

describe('opening hours through the API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof roomsWorld>>;
  beforeAll(async () => {
    t = await createTestApp();
    w = await roomsWorld(t, 'Hr');
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  it('staff set the seeds’ hall and rooms hours; residents read them for any date', async () => {
    const hallRes = await w.staffA.post(`/rooms/centers/${w.centerA.id}/schedules`, {
      name: '一站式服务大厅',
      purpose: 'hall',
      rules: [
        { weekdays: WEEKDAYS, opens: '08:30', closes: '17:30', validTo: '2020-10-21' },
        { weekdays: WEEKDAYS, opens: '08:30', closes: '18:30', validFrom: '2020-10-22' },
        { weekdays: WEEKEND, opens: '09:00', closes: '12:00', validFrom: '2020-10-22' },
      ],
    });
    expect(hallRes.statusCode).toBe(201);
    expect(hallRes.json()).toMatchObject({ purpose: 'hall', holidayMode: 'closed', allowedActions: ['manage'] });
    const rooms = await scheduleVia(w.staffA, w.centerA.id, '功能室', [
      { weekdays: WEEKDAYS, opens: '08:30', closes: '17:30', validTo: '2020-10-21' },
      { weekdays: EVERY_DAY, opens: '08:30', closes: '22:00', validFrom: '2020-10-22' },
    ]);
    const dance = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '舞蹈室', scheduleId: rooms.id });
    const exception = await w.staffA.post(`/rooms/schedules/${rooms.id}/exceptions`, { dateFrom: '2020-10-24', kind: 'closed', roomId: dance.id, note: '地板保养' });
    expect(exception.statusCode).toBe(201);

    const res = await w.residentA.get(`/rooms/centers/${w.centerA.id}/hours?from=2020-10-21&to=2020-10-25`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const hallDays = body.schedules.find((s: { purpose: string }) => s.purpose === 'hall').days;
    expect(hallDays.map((d: { hours: unknown[] }) => d.hours)).toEqual([
      [{ opens: '08:30', closes: '17:30' }],
      [{ opens: '08:30', closes: '18:30' }],
      [{ opens: '08:30', closes: '18:30' }],
      [{ opens: '09:00', closes: '12:00' }],
      [{ opens: '09:00', closes: '12:00' }],
    ]);
    const danceDays = body.rooms.find((r: { roomId: number }) => r.roomId === dance.id).days;
    expect(danceDays.map((d: { open: boolean }) => d.open)).toEqual([true, true, true, false, true]);
    expect(danceDays[3].exceptions).toEqual([{ id: exception.json().id, kind: 'closed', roomId: dance.id, note: '地板保养' }]);

    const one = await w.residentA.get(`/rooms/${dance.id}/hours?from=2020-10-25&to=2020-10-25`);
    expect(one.json().days[0]).toMatchObject({ date: '2020-10-25', weekday: 7, open: true, hours: [{ opens: '08:30', closes: '22:00' }] });

    const removed = await w.staffA.call('DELETE', `/rooms/schedules/${rooms.id}/exceptions/${exception.json().id}`);
    expect(removed.statusCode).toBe(204);
    const after = await w.residentA.get(`/rooms/${dance.id}/hours?from=2020-10-24&to=2020-10-24`);
    expect(after.json().days[0].open).toBe(true);
  });

  it('refuses bad rules with 400 and clear messages, a second hall with 409, residents with 403', async () => {
    const s = await scheduleVia(w.staffA, w.centerA.id, '棋牌室时间');
    const overlap = await w.staffA.call('PUT', `/rooms/schedules/${s.id}/rules`, {
      rules: [
        { weekdays: [1, 2], opens: '08:00', closes: '12:00' },
        { weekdays: [2], opens: '11:00', closes: '13:00' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(errorCode(overlap)).toBe('hours_rule_overlap');
    expect(overlap.json().error.message).toContain('星期二');
    const backwards = await w.staffA.call('PUT', `/rooms/schedules/${s.id}/rules`, { rules: [{ weekdays: [1], opens: '18:00', closes: '09:00' }] });
    expect(errorCode(backwards)).toBe('hours_rule_invalid');
    const badTime = await w.staffA.call('PUT', `/rooms/schedules/${s.id}/rules`, { rules: [{ weekdays: [1], opens: '25:00', closes: '26:00' }] });
    expect(badTime.statusCode).toBe(400);
    const badDate = await w.staffA.call('PUT', `/rooms/schedules/${s.id}/rules`, { rules: [{ weekdays: [1], opens: '08:00', closes: '09:00', validFrom: '2026-02-30' }] });
    expect(badDate.statusCode).toBe(400);
    const hall2 = await w.staffA.post(`/rooms/centers/${w.centerA.id}/schedules`, { name: '另一个大厅', purpose: 'hall' });
    expect(hall2.statusCode).toBe(409);
    expect(errorCode(hall2)).toBe('hall_schedule_exists');
    const byResident = await w.residentA.call('PUT', `/rooms/schedules/${s.id}/rules`, { rules: [] });
    expect(byResident.statusCode).toBe(403);
    const otherCommunity = await w.staffB.call('PUT', `/rooms/schedules/${s.id}/rules`, { rules: [] });
    expect(otherCommunity.statusCode).toBe(404);
    const tooLong = await w.residentA.get(`/rooms/centers/${w.centerA.id}/hours?from=2026-01-01&to=2026-12-31`);
    expect(errorCode(tooLong)).toBe('range_too_long');
  });
});
