import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.js';
import { booking, caller, roomsWorld, roomVia, scheduleVia, teamVia, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { RELEASE_JOB } from './noShows.js';

/** Utilisation figures per room and center (the demo's rooms are checked in src/demo/demo.test.ts). */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, SETUP_TIMEOUT_MS);
afterAll(() => t.close());

describe('utilisation', () => {
  it('booked and used hours over open hours, by week and month; busiest hours; teams by hours', async () => {
    const w = await roomsWorld(t, 'Ut');
    const s = await scheduleVia(w.staffA, w.centerA.id, '功能室');
    const room = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '舞蹈室', scheduleId: s.id });
    await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '棋牌室', kind: 'chess_cards', scheduleId: s.id });
    await w.staffA.post(`/rooms/schedules/${s.id}/exceptions`, { dateFrom: '2026-03-08', kind: 'closed', roomId: room.id, note: '消毒' });
    const team = await teamVia(w.staffA, { orgNodeId: w.tree.communityA.id, name: '心蕊舞蹈队', leaderUserId: w.residentA2.id });
    const used = (await w.residentA.post('/bookings', booking(room.id, '2026-03-02', '10:00', '12:00'))).json().id;
    await w.residentA2.post('/bookings', booking(room.id, '2026-03-03', '19:00', '21:00', { teamId: team.id }));
    await w.residentA.post('/bookings', booking(room.id, '2026-03-04', '19:00', '21:00'));
    const cancelled = (await w.residentA.post('/bookings', booking(room.id, '2026-03-05', '10:00', '12:00'))).json().id;
    await w.residentA.post(`/bookings/${cancelled}/cancel`);
    t.clock.set('2026-03-02T10:05:00+08:00');
    await w.staffA.post(`/bookings/${used}/checkin`);
    for (const releaseAt of ['2026-03-03T19:15:00+08:00', '2026-03-04T19:15:00+08:00']) {
      t.clock.set(releaseAt);
      await t.app.ctx.jobs.run(RELEASE_JOB);
    }
    const staff = caller(t, w.staffA.id, await loginAs(t.app, 'Ut.staffA', 'Test@2026x'));

    const res = await staff.get(`/rooms/${room.id}/utilisation?from=2026-03-02&to=2026-03-08&period=week`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Open 14 h a day for six days (closed on the 8th): 84 h. Booked: 2 h used, and two no-shows held 15 min each
    // until released; the cancelled booking does not count.
    const figures = { openHours: 84, bookedHours: 2.5, usedHours: 2, bookedRatio: 0.03, usedRatio: 0.024 };
    expect(body.totals).toEqual(figures);
    expect(body.buckets).toEqual([{ key: '2026-03-02', from: '2026-03-02', to: '2026-03-08', ...figures }]);
    expect(body.busiestHours).toEqual([
      { weekday: 1, hour: 10, bookedHours: 1 },
      { weekday: 1, hour: 11, bookedHours: 1 },
      { weekday: 2, hour: 19, bookedHours: 0.25 },
      { weekday: 3, hour: 19, bookedHours: 0.25 },
    ]);
    expect(body.teams).toEqual([{ teamId: team.id, name: '心蕊舞蹈队', bookedHours: 0.25, usedHours: 0, noShows: 1, bookings: 1 }]);

    const center = await staff.get(`/rooms/centers/${w.centerA.id}/utilisation?from=2026-03-01&to=2026-04-30&period=month`);
    const c = center.json();
    expect(c.buckets.map((b: { key: string; from: string; to: string }) => [b.key, b.from, b.to])).toEqual([
      ['2026-03', '2026-03-01', '2026-03-31'],
      ['2026-04', '2026-04-01', '2026-04-30'],
    ]);
    // The rooms were added on 2 March: 1 March, before they existed, adds no open hours.
    expect(c.rooms.map((r: { name: string; openHours: number }) => [r.name, r.openHours])).toEqual([
      ['棋牌室', 60 * 14],
      ['舞蹈室', 60 * 14 - 14],
    ]);
    expect(c.totals.bookedHours).toBe(2.5);

    const resident = caller(t, w.residentA.id, await loginAs(t.app, 'Ut.resA', 'Test@2026x'));
    expect((await resident.get(`/rooms/${room.id}/utilisation?from=2026-03-02&to=2026-03-08`)).statusCode).toBe(403);
    const other = caller(t, w.staffB.id, await loginAs(t.app, 'Ut.staffB', 'Test@2026x'));
    expect((await other.get(`/rooms/centers/${w.centerA.id}/utilisation?from=2026-03-02&to=2026-03-08`)).statusCode).toBe(404);
  });
});
