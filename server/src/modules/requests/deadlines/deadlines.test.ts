import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { POINT, requestWorld, type World } from '../../../../test/requests.js';
import { WorkCalendar } from '../../../platform/calendar.js';
import { packageNationalCalendar } from '../../../platform/calendarPackage.js';
import {
  computeDeadlines,
  Deadlines,
  DEFAULT_LIMITS,
  DEFAULT_ON_SITE,
  escalationDueAt,
  pickLimits,
  reminderFor,
} from './compute.js';

/**
 * Deadlines in working time across the 2026 National Day holiday (Oct 1–7 off) and its make-up Saturday
 * (Sat Oct 10 at work). Working hours 09:00–12:00 and 13:30–17:30, China time.
 */
const cn = (s: string) => new Date(`${s}+08:00`);
const iso = (s: string) => cn(s).toISOString();
const deadlines = new Deadlines(new WorkCalendar({ national: packageNationalCalendar() }));
const limits = (priority: 'urgent' | 'ordinary' | 'complex') => ({ ...DEFAULT_LIMITS[priority], onSite: DEFAULT_ON_SITE });

describe('deadline arithmetic', () => {
  it('an ordinary request on the eve of National Day: respond by Oct 8, resolve by Oct 13 thanks to the make-up Saturday', () => {
    const d = computeDeadlines(deadlines, cn('2026-09-30T10:00:00'), limits('ordinary'), 'resident');
    expect(d.responseDueAt.toISOString()).toBe(iso('2026-10-08T17:30:00'));
    // Oct 8 (1), Oct 9 (2), Sat Oct 10 make-up (3), Oct 12 (4), Oct 13 (5) — not Oct 14.
    expect(d.resolutionDueAt.toISOString()).toBe(iso('2026-10-13T17:30:00'));
    expect(d.reminderAt.toISOString()).toBe(iso('2026-10-13T09:00:00'));
    expect(d).toMatchObject({ limitClock: 'working', estimated: false });
  });

  it('urgent requests count calendar hours, holiday or not', () => {
    const d = computeDeadlines(deadlines, cn('2026-09-30T16:00:00'), limits('urgent'), 'resident');
    expect(d.responseDueAt.toISOString()).toBe(iso('2026-09-30T18:00:00'));
    expect(d.resolutionDueAt.toISOString()).toBe(iso('2026-10-01T16:00:00'));
    expect(d.reminderAt.toISOString()).toBe(iso('2026-10-01T10:00:00'));
    expect(d.limitClock).toBe('calendar');
  });

  it('a complex request takes fifteen working days, the make-up Saturday among them', () => {
    const d = computeDeadlines(deadlines, cn('2026-10-09T09:00:00'), limits('complex'), 'resident');
    expect(d.resolutionDueAt.toISOString()).toBe(iso('2026-10-29T17:30:00'));
  });

  it('grid events are verified on site within two working hours, across the holiday and on the make-up Saturday', () => {
    const eve = computeDeadlines(deadlines, cn('2026-09-30T16:30:00'), limits('ordinary'), 'building_leader');
    expect(eve.responseDueAt.toISOString()).toBe(iso('2026-10-08T10:00:00'));
    const saturday = computeDeadlines(deadlines, cn('2026-10-10T11:00:00'), limits('ordinary'), 'mobile_grid_worker');
    expect(saturday.responseDueAt.toISOString()).toBe(iso('2026-10-10T14:30:00'));
    // A resident's report of the same thing is not a grid event.
    expect(computeDeadlines(deadlines, cn('2026-10-10T11:00:00'), limits('ordinary'), 'resident').responseDueAt.toISOString()).toBe(
      iso('2026-10-12T17:30:00'),
    );
  });

  it('escalation levels after the deadline step one working day each, skipping the holiday', () => {
    const due = cn('2026-09-30T17:30:00');
    expect(escalationDueAt(deadlines, due, 1, 'working').at.toISOString()).toBe(iso('2026-09-30T17:30:00'));
    expect(escalationDueAt(deadlines, due, 2, 'working').at.toISOString()).toBe(iso('2026-10-08T17:30:00'));
    expect(escalationDueAt(deadlines, due, 3, 'working').at.toISOString()).toBe(iso('2026-10-09T17:30:00'));
    expect(escalationDueAt(deadlines, due, 3, 'calendar').at.toISOString()).toBe(iso('2026-10-01T05:30:00'));
  });

  it('a deadline running into 2027, whose national schedule is not entered, is counted Monday to Friday and flagged', () => {
    const d = computeDeadlines(deadlines, cn('2026-12-28T10:00:00'), limits('ordinary'), 'resident');
    expect(d.responseDueAt.toISOString()).toBe(iso('2026-12-29T17:30:00'));
    // Dec 29, 30, 31, then Fri Jan 1 2027 counted as a workday (nothing entered says otherwise), Mon Jan 4.
    expect(d.resolutionDueAt.toISOString()).toBe(iso('2027-01-04T17:30:00'));
    expect(d.estimated).toBe(true);
    const minutes = deadlines.add(cn('2027-01-02T10:00:00'), { amount: 120, unit: 'working_minutes' });
    expect(minutes).toEqual({ at: cn('2027-01-04T11:00:00'), estimated: true });
  });

  it('reminders never fall before the start', () => {
    expect(reminderFor(deadlines, cn('2026-10-13T15:00:00'), cn('2026-10-13T17:30:00'), 'working_days').toISOString()).toBe(
      iso('2026-10-13T15:00:00'),
    );
  });

  it('the most specific limit row wins; the on-site limit may come from a less specific one', () => {
    const row = (nodeDepth: number, categoryRank: number, days: number, onSite: number | null) => ({
      nodeDepth,
      categoryRank,
      responseAmount: 1,
      responseUnit: 'working_days' as const,
      resolutionAmount: days,
      resolutionUnit: 'working_days' as const,
      onSiteAmount: onSite,
      onSiteUnit: onSite === null ? null : ('working_minutes' as const),
    });
    const picked = pickLimits([row(2, 0, 10, 60), row(4, 0, 7, null), row(4, 2, 3, null), row(4, 1, 4, null)], 'ordinary');
    expect(picked).toEqual({
      response: { amount: 1, unit: 'working_days' },
      resolution: { amount: 3, unit: 'working_days' },
      onSite: { amount: 60, unit: 'working_minutes' },
    });
    expect(pickLimits([], 'complex')).toEqual(limits('complex'));
  });
});

describe('deadlines at intake and on extension', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-09-30T10:00:00+08:00');
    w = await requestWorld(t, 'Dl');
  });
  afterAll(() => t.close());

  it('a report on Sep 30 carries the holiday-aware deadlines', async () => {
    const res = await w.api('residentA', 'POST', '/requests', {
      content: '楼道灯坏了',
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    });
    expect(res.json()).toMatchObject({
      responseDueAt: iso('2026-10-08T17:30:00'),
      resolutionDueAt: iso('2026-10-13T17:30:00'),
      deadlineEstimated: false,
    });
  });

  it('a building leader’s report is due on site within two working hours', async () => {
    t.clock.set('2026-09-30T16:30:00+08:00');
    const res = await w.api('leader', 'POST', '/requests', {
      channel: 'building_leader',
      content: '单元门坏了关不上',
      location: { buildingNodeId: w.tree.buildingA1.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      node: { id: w.tree.gridA1.id },
      building: { id: w.tree.buildingA1.id },
      responseDueAt: iso('2026-10-08T10:00:00'),
    });
  });

  it('an approved extension moves the resolution deadline by working days across the holiday', async () => {
    t.clock.set('2026-09-28T09:00:00+08:00');
    await w.relogin('residentA', 'staffA', 'gridA1', 'secA');
    const filed = (
      await w.api('residentA', 'POST', '/requests', {
        content: '小区排水管堵了',
        priority: 'urgent',
        location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
      })
    ).json();
    expect(filed.resolutionDueAt).toBe(iso('2026-09-29T09:00:00'));
    await w.api('staffA', 'POST', `/requests/${filed.id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    await w.api('gridA1', 'POST', `/requests/${filed.id}/take`, {});
    const asked = await w.api('gridA1', 'POST', `/requests/${filed.id}/extension`, { extraWorkingDays: 2, reason: '需要市政配合开挖' });
    expect(asked.json()).toMatchObject({
      pendingExtensionId: expect.any(Number),
      extensions: [{ status: 'pending', extraWorkingDays: 2 }],
    });
    const again = await w.api('gridA1', 'POST', `/requests/${filed.id}/extension`, { extraWorkingDays: 1, reason: '再申请一次' });
    expect(again.statusCode).toBe(409);
    const approved = await w.api('secA', 'POST', `/requests/${filed.id}/extension/approve`, { note: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    // Sep 29 09:00 + 2 working days: Sep 30 is the first, then the holiday, then Oct 8.
    expect(approved.json()).toMatchObject({
      resolutionDueAt: iso('2026-10-08T17:30:00'),
      pendingExtensionId: null,
      extensions: [{ status: 'approved', previousDueAt: iso('2026-09-29T09:00:00'), newDueAt: iso('2026-10-08T17:30:00') }],
    });
  });
});
