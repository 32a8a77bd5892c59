import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { person, SETUP_TIMEOUT_MS, type Caller } from '../../../../test/rooms.js';
import { servicesWorld } from '../../../../test/services.js';
import { calendarOverrides, notifications } from '../../../db/schema/platform.js';
import { dutyGapReports } from '../../../db/schema/services.js';
import { reportRosterGaps } from './gaps.job.js';

describe('duty roster 坐班值班', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof servicesWorld>>;
  let staff2: Caller;
  beforeAll(async () => {
    t = await createTestApp();
    w = await servicesWorld(t, 'Ro');
    staff2 = await person(t, 'Ro.staff2', w.tree.communityA.id, [{ role: 'community_staff', orgNodeId: w.tree.communityA.id }], '刘建军');
    // A local rest day on Wednesday 2026-03-04: the hall (holiday mode closed) is shut.
    await t.database.db.insert(calendarOverrides).values({ orgNodeId: w.tree.communityA.id, day: '2026-03-04', kind: 'rest', note: '社区休息日' });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  const gapNotices = async (userId: number) =>
    (await t.database.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'services.duty_gap')))).length;

  it('fills a rota in turn, skipping closed days (the local rest day), preview then apply', async () => {
    const body = { centerId: w.centerA.id, from: '2026-03-02', to: '2026-03-08', userIds: [w.staffA.id, staff2.id], duty: '坐班' };
    const preview = await w.staffA.post('/services/roster/fill', body);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.applied).toBe(false);
    expect(p.skippedClosed).toEqual(['2026-03-04']);
    expect(p.shifts.map((s: { day: string }) => s.day)).toEqual(['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(p.shifts.map((s: { userId: number }) => s.userId)).toEqual([w.staffA.id, staff2.id, w.staffA.id, staff2.id, w.staffA.id, staff2.id]);
    expect(p.shifts[0]).toMatchObject({ starts: '09:00', ends: '18:30' });
    expect(p.shifts[4]).toMatchObject({ day: '2026-03-07', starts: '09:00', ends: '12:00' });
    const view0 = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-02&to=2026-03-08`)).json();
    expect(view0.shifts).toHaveLength(0);
    const applied = (await w.staffA.post('/services/roster/fill', { ...body, apply: true })).json();
    expect(applied.created).toBe(6);
    const again = (await w.staffA.post('/services/roster/fill', { ...body, apply: true })).json();
    expect(again.created).toBe(0);
    const view = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-02&to=2026-03-08`)).json();
    expect(view.shifts).toHaveLength(6);
    expect(view.days.find((d: { date: string }) => d.date === '2026-03-04')).toMatchObject({ open: false, gaps: [] });
  });

  it('reports a gap once, not a covered day nor a closed holiday; re-notifies only for new gaps', async () => {
    const view = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-05&to=2026-03-05`)).json();
    const shift = view.shifts[0];
    // Thursday: shorten the shift so the afternoon is uncovered.
    expect((await w.staffA.call('PATCH', `/services/roster/shifts/${shift.id}`, { ends: '12:00' })).statusCode).toBe(200);
    const now = t.clock.now();
    const before = await gapNotices(w.secretaryA.id);
    const [a, b] = await Promise.all([reportRosterGaps(t.app.ctx, now), reportRosterGaps(t.app.ctx, now)]);
    const rows = await t.database.db.select().from(dutyGapReports).where(eq(dutyGapReports.serviceCenterId, w.centerA.id));
    expect(rows.map((r) => r.day)).toEqual(['2026-03-05']);
    expect(rows[0]!.gaps).toEqual([[810, 1110]]);
    expect(await gapNotices(w.secretaryA.id)).toBe(before + 1);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await reportRosterGaps(t.app.ctx, now)).toBe(0);
    expect(await gapNotices(w.secretaryA.id)).toBe(before + 1);
    // A new gap on the same day: updated and notified again.
    expect((await w.staffA.call('PATCH', `/services/roster/shifts/${shift.id}`, { starts: '10:00' })).statusCode).toBe(200);
    expect(await reportRosterGaps(t.app.ctx, now)).toBe(1);
    expect(await gapNotices(w.secretaryA.id)).toBe(before + 2);
    const gaps = (await w.staffA.get(`/services/roster/gaps?centerId=${w.centerA.id}`)).json();
    expect(gaps.items[0].gaps).toEqual([
      { from: '09:00', to: '10:00' },
      { from: '13:30', to: '18:30' },
    ]);
    // Covered again: the report goes.
    expect((await w.staffA.call('PATCH', `/services/roster/shifts/${shift.id}`, { starts: '09:00', ends: '18:30' })).statusCode).toBe(200);
    expect(await reportRosterGaps(t.app.ctx, now)).toBe(0);
    expect(await t.database.db.select().from(dutyGapReports).where(eq(dutyGapReports.serviceCenterId, w.centerA.id))).toHaveLength(0);
  });

  it('swaps: only the person on duty asks; the requester cannot approve; approval moves the shift', async () => {
    const view = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-06&to=2026-03-06`)).json();
    const shift = view.shifts[0];
    expect(shift.userId).toBe(staff2.id);
    const notMine = await w.staffA.post('/services/roster/swaps', { shiftId: shift.id, toUserId: w.secretaryA.id, reason: '家中有事' });
    expect(notMine.statusCode).toBe(409);
    expect(errorCode(notMine)).toBe('swap_not_your_shift');
    const res = await staff2.post('/services/roster/swaps', { shiftId: shift.id, toUserId: w.staffA.id, reason: '孩子生病' });
    expect(res.statusCode).toBe(201);
    const swap = res.json();
    expect((await staff2.post('/services/roster/swaps', { shiftId: shift.id, toUserId: w.secretaryA.id, reason: '再次' })).statusCode).toBe(409);
    // staff2 holds services.manage but is the requester.
    const own = await staff2.post(`/services/roster/swaps/${swap.id}/decide`, { approve: true });
    expect(own.statusCode).toBe(409);
    expect(errorCode(own)).toBe('swap_own_request');
    expect((await w.staffB.post(`/services/roster/swaps/${swap.id}/decide`, { approve: true })).statusCode).toBe(404);
    expect((await w.residentA2.post(`/services/roster/swaps/${swap.id}/decide`, { approve: true })).statusCode).toBe(403);
    const ok = await w.secretaryA.post(`/services/roster/swaps/${swap.id}/decide`, { approve: true, note: '同意' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    const after = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-06&to=2026-03-06`)).json();
    expect(after.shifts[0].userId).toBe(w.staffA.id);
    expect((await w.secretaryA.post(`/services/roster/swaps/${swap.id}/decide`, { approve: false })).statusCode).toBe(409);
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'services.duty_swap.decided'));
    expect(new Set(notes.map((n) => n.userId))).toEqual(new Set([staff2.id, w.staffA.id]));
  });

  it('swaps: withdrawn by the requester only; two approvals at once move the shift once', async () => {
    const view = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-07&to=2026-03-08`)).json();
    const mine = view.shifts.find((s: { userId: number }) => s.userId === w.staffA.id);
    const first = (await w.staffA.post('/services/roster/swaps', { shiftId: mine.id, toUserId: staff2.id, reason: '临时有事' })).json();
    expect((await staff2.post(`/services/roster/swaps/${first.id}/withdraw`)).statusCode).toBe(403);
    expect((await w.staffA.post(`/services/roster/swaps/${first.id}/withdraw`)).json().status).toBe('withdrawn');
    const second = (await w.staffA.post('/services/roster/swaps', { shiftId: mine.id, toUserId: staff2.id, reason: '临时有事' })).json();
    const townAdmin = w.townAdmin;
    const [a, b] = await Promise.all([
      w.secretaryA.post(`/services/roster/swaps/${second.id}/decide`, { approve: true }),
      townAdmin.post(`/services/roster/swaps/${second.id}/decide`, { approve: true }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const after = (await w.staffA.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-07&to=2026-03-08`)).json();
    expect(after.shifts.find((s: { id: number }) => s.id === mine.id).userId).toBe(staff2.id);
    expect((await w.staffA.get(`/services/roster/swaps?centerId=${w.centerA.id}&status=approved`)).json().items.length).toBe(2);
  });

  it('refuses: other centers 404, residents 403, people outside the center 404, bad input 400', async () => {
    expect((await w.staffB.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-02&to=2026-03-08`)).statusCode).toBe(404);
    expect((await w.residentA2.get(`/services/roster?centerId=${w.centerA.id}&from=2026-03-02&to=2026-03-08`)).statusCode).toBe(403);
    const outsider = await w.staffA.post('/services/roster/shifts', { centerId: w.centerA.id, day: '2026-03-09', starts: '09:00', ends: '12:00', userId: w.staffB.id });
    expect(outsider.statusCode).toBe(404);
    const resident = await w.staffA.post('/services/roster/shifts', { centerId: w.centerA.id, day: '2026-03-09', starts: '09:00', ends: '12:00', userId: w.residentA.id });
    expect(resident.statusCode).toBe(404);
    const badTime = await w.staffA.post('/services/roster/shifts', { centerId: w.centerA.id, day: '2026-03-09', starts: '12:00', ends: '09:00', userId: w.staffA.id });
    expect(badTime.statusCode).toBe(400);
    expect(errorCode(badTime)).toBe('roster_bad_time');
    const badRange = await w.staffA.post('/services/roster/fill', { centerId: w.centerA.id, from: '2026-03-09', to: '2026-03-01', userIds: [w.staffA.id] });
    expect(badRange.statusCode).toBe(400);
    expect((await w.staffA.post('/services/roster/fill', { centerId: w.centerA.id, from: '2026-03-09', to: '2026-03-10', userIds: [] })).statusCode).toBe(400);
    const created = await w.staffA.post('/services/roster/shifts', { centerId: w.centerA.id, day: '2026-03-09', starts: '09:00', ends: '12:00', userId: w.staffA.id });
    expect(created.statusCode).toBe(201);
    const dup = await w.staffA.post('/services/roster/shifts', { centerId: w.centerA.id, day: '2026-03-09', starts: '09:00', ends: '12:00', userId: w.staffA.id });
    expect(dup.statusCode).toBe(409);
    expect((await w.staffA.call('DELETE', `/services/roster/shifts/${created.json().id}`)).statusCode).toBe(204);
  });

  it("today's duty: public with a masked mobile; mine for the resident with the center", async () => {
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/services/duty/today?centerId=${w.centerA.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ serviceCenterId: w.centerA.id, day: '2026-03-02', open: true });
    expect(pub.json().people[0].name).toBe('王丽娜');
    const mine = await w.residentA.get('/services/duty/today/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { serviceCenterId: number }) => i.serviceCenterId)).toEqual([w.centerA.id]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/services/duty/today?centerId=999999' })).statusCode).toBe(404);
  });
});
