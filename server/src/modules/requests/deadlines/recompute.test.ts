import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../../../../test/app.js';
import { createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { POINT, requestWorld, type World } from '../../../../test/requests.js';
import { buildApp } from '../../../app.js';
import { loadConfig, testDatabaseUrl } from '../../../config.js';
import { openPostgres, queryRows } from '../../../db/client.js';
import { calendarRecomputes, nationalCalendarYears } from '../../../db/schema/calendar.js';
import { notifications } from '../../../db/schema/platform.js';
import { requestEvents, requests } from '../../../db/schema/requests.js';
import { invalidateNationalCalendar } from '../../../platform/nationalCalendarStore.js';
import { RECOMPUTE_JOB, RECOMPUTE_SWEEP_MS } from './recompute.js';

/**
 * Across New Year 2026 → 2027. In December the 2027 schedule is not in any package: deadlines that run into
 * January are counted Monday to Friday and marked estimated. Then a region admin enters 2027 (New Year's Day off,
 * a make-up Saturday in February): the deadlines are counted again, the flag clears, and whoever holds each
 * request is told once if its deadline moved.
 */
let t: TestApp;
let w: World;
let regionToken: string;
const cn = (s: string) => new Date(`${s}+08:00`);
const iso = (s: string) => cn(s).toISOString();

const SCHEDULE_2027 = {
  sourceNote: '国办发明电〔2026〕12号',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
    { date: '2027-02-20', kind: 'workday', name: '春节', nameEn: 'Spring Festival' },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-28T10:00:00+08:00');
  // As on every database in December 2026, whatever the installed package version: no 2027 yet.
  await t.database.db.delete(nationalCalendarYears).where(gte(nationalCalendarYears.year, 2027));
  invalidateNationalCalendar();
  w = await requestWorld(t, 'Rc');
  await createUser(t.database.db, { username: 'rc_region', homeNodeId: w.tree.region.id, roles: [{ role: 'region_admin', orgNodeId: w.tree.region.id }] });
});
afterAll(() => t.close());

/** Sessions last 12 hours and the clock jumps days: the region admin signs in for each entry. */
async function enter2027(payload: Record<string, unknown> = SCHEDULE_2027) {
  regionToken = await loginAs(t.app, 'rc_region', TEST_PASSWORD);
  return t.app.inject({ method: 'PUT', url: '/api/v1/calendar/national/2027', headers: bearer(regionToken), payload });
}
const row = async (id: number) => (await t.database.db.select().from(requests).where(eq(requests.id, id)))[0]!;
const eventsOf = (id: number) =>
  t.database.db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, 'deadline_recompute')));
const movedNotices = async (requestId: number) =>
  (await t.database.db.select().from(notifications).where(eq(notifications.kind, 'request.deadline_moved'))).filter(
    (n) => n.data?.requestId === requestId,
  );
const file = async (content: string) => {
  const res = await w.api('residentA', 'POST', '/requests', { content, location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string; resolutionDueAt: string; responseDueAt: string; deadlineEstimated: boolean };
};

describe('a deadline across New Year while 2027 is not entered', () => {
  const filed: Record<'handled' | 'waiting' | 'extended' | 'inside2026' | 'unmoved', { id: number; number: string }> = {} as never;

  it('is counted Monday to Friday and marked estimated, in the detail and in the ledger', async () => {
    // Mon Dec 28: five working days are Dec 29, 30, 31, Fri Jan 1 (counted as a workday: nothing says otherwise), Mon Jan 4.
    const handled = await file('楼道灯坏了');
    expect(handled).toMatchObject({ responseDueAt: iso('2026-12-29T17:30:00'), resolutionDueAt: iso('2027-01-04T17:30:00'), deadlineEstimated: true });
    await w.api('staffA', 'POST', `/requests/${handled.id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    expect((await w.api('gridA1', 'POST', `/requests/${handled.id}/take`, {})).statusCode).toBe(200);
    filed.handled = handled;

    const extended = await file('小区排水管堵了');
    await w.api('staffA', 'POST', `/requests/${extended.id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    await w.api('gridA1', 'POST', `/requests/${extended.id}/take`, {});
    await w.api('gridA1', 'POST', `/requests/${extended.id}/extension`, { extraWorkingDays: 2, reason: '需要市政配合' });
    const approved = await w.api('secA', 'POST', `/requests/${extended.id}/extension/approve`, { note: '同意' });
    // Jan 4 + 2 working days: Jan 5, Jan 6.
    expect(approved.json()).toMatchObject({ resolutionDueAt: iso('2027-01-06T17:30:00'), deadlineEstimated: true });
    filed.extended = extended;

    t.clock.set('2026-12-30T10:00:00+08:00');
    await w.relogin('residentA', 'staffA');
    // Not dispatched: its owners are the community's dispatchers. Dec 31, Jan 1, 4, 5, 6.
    const waiting = await file('垃圾桶满了没人清');
    expect(waiting).toMatchObject({ responseDueAt: iso('2026-12-31T17:30:00'), resolutionDueAt: iso('2027-01-06T17:30:00'), deadlineEstimated: true });
    filed.waiting = waiting;

    t.clock.set('2026-12-01T10:00:00+08:00');
    const inside2026 = await file('健身器材松动');
    expect(inside2026).toMatchObject({ resolutionDueAt: iso('2026-12-08T17:30:00'), deadlineEstimated: false });
    filed.inside2026 = inside2026;

    // Filed on Tue Jan 5, 2027 (the clock runs ahead here): Jan 6, 7, 8, 11, 12 — estimated, and New Year's Day
    // will not change it.
    t.clock.set('2027-01-05T10:00:00+08:00');
    await w.relogin('residentA');
    const unmoved = await file('电梯异响');
    expect(unmoved).toMatchObject({ resolutionDueAt: iso('2027-01-12T17:30:00'), deadlineEstimated: true });
    filed.unmoved = unmoved;
    t.clock.set('2026-12-30T11:00:00+08:00');
    await w.relogin('residentA', 'staffA');

    const detail = await w.api('staffA', 'GET', `/requests/${handled.id}`);
    expect(detail.json().deadlineEstimated).toBe(true);
    const ledger = await w.api('staffA', 'GET', `/requests/ledger?nodeId=${w.tree.communityA.id}`);
    const flags = Object.fromEntries((ledger.json().items as { id: number; deadlineEstimated: boolean }[]).map((i) => [i.id, i.deadlineEstimated]));
    expect(flags).toMatchObject({ [handled.id]: true, [waiting.id]: true, [extended.id]: true, [inside2026.id]: false });
  });

  it('moves once 2027 is entered: counted again exactly once, the flag clears, each owner told once', async () => {
    expect((await enter2027()).statusCode).toBe(200);
    // Two runs racing, then another: each request is counted again once.
    await Promise.all([t.app.ctx.jobs.run(RECOMPUTE_JOB), t.app.ctx.jobs.run(RECOMPUTE_JOB)]);
    await t.app.ctx.jobs.run(RECOMPUTE_JOB);

    // Jan 1 is a holiday: Dec 29, 30, 31, Jan 4, Jan 5.
    expect(await row(filed.handled.id)).toMatchObject({
      responseDueAt: cn('2026-12-29T17:30:00'),
      resolutionDueAt: cn('2027-01-05T17:30:00'),
      reminderAt: cn('2027-01-05T09:00:00'),
      nextEscalationAt: cn('2027-01-05T17:30:00'),
      deadlineEstimated: false,
    });
    // The extension is counted again from the new deadline: Jan 5 + 2 → Jan 7.
    expect(await row(filed.extended.id)).toMatchObject({ resolutionDueAt: cn('2027-01-07T17:30:00'), deadlineEstimated: false });
    expect(await row(filed.waiting.id)).toMatchObject({ resolutionDueAt: cn('2027-01-07T17:30:00'), deadlineEstimated: false });

    const [event, ...moreEvents] = await eventsOf(filed.handled.id);
    expect(moreEvents).toEqual([]);
    expect(event).toMatchObject({ actorUserId: null, fromStatus: 'in_progress', toStatus: 'in_progress' });
    expect(event!.data).toEqual({
      year: 2027,
      moved: true,
      estimated: false,
      previousDueAt: iso('2027-01-04T17:30:00'),
      newDueAt: iso('2027-01-05T17:30:00'),
    });

    const [notice, ...moreNotices] = await movedNotices(filed.handled.id);
    expect(moreNotices).toEqual([]);
    expect(notice).toMatchObject({
      userId: w.id.gridA1,
      title: `时限已按2027年节假日安排调整：${filed.handled.number}`,
      body: '办结时限改为 2027-01-05 17:30（楼道灯坏了）',
      link: `/m/tasks/${filed.handled.id}`,
    });
    expect(notice!.data?.en).toEqual({
      title: `Deadline updated for the 2027 holiday schedule: ${filed.handled.number}`,
      body: 'Now resolve by 2027-01-05 17:30, China time (楼道灯坏了)',
    });
    // The request nobody took yet: its community's dispatchers are told, once each.
    const toDispatchers = await movedNotices(filed.waiting.id);
    expect(toDispatchers.map((n) => n.userId).sort()).toEqual([w.id.staffA, w.id.secA].sort());
    expect(toDispatchers[0]!.link).toBe(`/console/requests/${filed.waiting.id}`);
    // December-only deadlines are not touched.
    expect(await eventsOf(filed.inside2026.id)).toEqual([]);
    // A deadline that stays where it was loses its flag, says so on the timeline, and nobody is told.
    expect(await row(filed.unmoved.id)).toMatchObject({ resolutionDueAt: cn('2027-01-12T17:30:00'), deadlineEstimated: false });
    expect((await eventsOf(filed.unmoved.id)).map((e) => e.data)).toEqual([{ year: 2027, moved: false, estimated: false }]);
    expect(await movedNotices(filed.unmoved.id)).toEqual([]);

    const detail = await w.api('staffA', 'GET', `/requests/${filed.handled.id}`);
    expect(detail.json()).toMatchObject({ deadlineEstimated: false, resolutionDueAt: iso('2027-01-05T17:30:00') });
    expect(detail.json().timeline.map((e: { action: string }) => e.action)).toContain('deadline_recompute');
  });

  it('keeps sweeping newer requests for a while after the entry, then finishes', async () => {
    const [pending] = await t.database.db.select().from(calendarRecomputes).where(eq(calendarRecomputes.year, 2027));
    expect(pending).toMatchObject({ status: 'pending', moved: 3, finishedAt: null });
    expect(pending!.processed).toBeGreaterThanOrEqual(3);
    t.clock.set(new Date(t.clock.now().getTime() + RECOMPUTE_SWEEP_MS));
    await t.app.ctx.jobs.run(RECOMPUTE_JOB);
    const [done] = await t.database.db.select().from(calendarRecomputes).where(eq(calendarRecomputes.year, 2027));
    expect(done).toMatchObject({ status: 'done', moved: 3, finishedAt: t.clock.now() });
    const national = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/national', headers: bearer(regionToken) });
    expect(national.json().years[0]).toMatchObject({ year: 2027, recompute: { status: 'done', moved: 3 } });
    // Nothing more happens however often it runs.
    await t.app.ctx.jobs.run(RECOMPUTE_JOB);
    expect(await movedNotices(filed.handled.id)).toHaveLength(1);
    expect(await eventsOf(filed.handled.id)).toHaveLength(1);
  });

  it('a correction of 2027 counts the touched deadlines again, estimated or not', async () => {
    await w.relogin('residentA', 'staffA', 'gridA1');
    // A make-up Saturday on Jan 2 puts the five working days back to Jan 4.
    const corrected = { ...SCHEDULE_2027, days: [...SCHEDULE_2027.days, { date: '2027-01-02', kind: 'workday', name: '元旦', nameEn: "New Year's Day" }] };
    expect((await enter2027(corrected)).statusCode).toBe(200);
    await t.app.ctx.jobs.run(RECOMPUTE_JOB);
    expect(await row(filed.handled.id)).toMatchObject({ resolutionDueAt: cn('2027-01-04T17:30:00'), deadlineEstimated: false });
    expect(await movedNotices(filed.handled.id)).toHaveLength(2);
    expect(await eventsOf(filed.inside2026.id)).toEqual([]);
  });
});

describe.runIf(testDatabaseUrl())('two app instances on one PostgreSQL database', () => {
  it('count each request again exactly once', async () => {
    const [{ name }] = (await queryRows<{ name: string }>(t.database.db, sql`select current_database() as name`)) as [{ name: string }];
    const url = new URL(testDatabaseUrl()!);
    url.pathname = `/${name}`;
    const second = await openPostgres(url.toString(), 5);
    const other = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/lianxin-test-${process.pid}-b` }),
      database: second,
      clock: t.clock,
      logger: false,
    });
    await other.ready();
    try {
      t.clock.set('2026-12-28T10:00:00+08:00');
      await w.relogin('residentA');
      await t.database.db.delete(nationalCalendarYears).where(eq(nationalCalendarYears.year, 2027));
      invalidateNationalCalendar();
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) {
        // More than one resident files this many in ten minutes: start the intake window afresh.
        if (i % 20 === 0) await t.app.ctx.counters.close();
        ids.push((await file(`路灯不亮 ${i}`)).id);
      }
      expect((await enter2027()).statusCode).toBe(200);
      await Promise.all([t.app.ctx.jobs.run(RECOMPUTE_JOB), other.ctx.jobs.run(RECOMPUTE_JOB), t.app.ctx.jobs.run(RECOMPUTE_JOB)]);
      const events = await t.database.db
        .select()
        .from(requestEvents)
        .where(and(inArray(requestEvents.requestId, ids), eq(requestEvents.action, 'deadline_recompute')));
      expect(events).toHaveLength(30);
      const notices = (await t.database.db.select().from(notifications).where(eq(notifications.kind, 'request.deadline_moved'))).filter((n) =>
        ids.includes(n.data?.requestId as number),
      );
      // Not dispatched: the two dispatchers of community A, once each per request.
      expect(notices).toHaveLength(60);
    } finally {
      await other.close();
      await second.close();
    }
  });
});
