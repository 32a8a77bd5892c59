import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.js';
import { booking, caller, roomsWorld, roomVia, scheduleVia, teamVia, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { seedDemoData } from '../../db/seed/demo.js';
import { DEMO_PASSWORD } from '../../db/seed/demoPlaces.js';
import { seedRoomsDemo } from '../../db/seed/roomsDemo.js';
import { users } from '../../db/schema/users.js';
import { insertOrgNode } from '../org/org.repo.js';
import { RELEASE_JOB } from './noShows.js';

/** Utilisation figures per room and center, and the seeds' example in the demo data. */

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

describe('the demo data', () => {
  it('seeds 保利社区’s rooms with Qingshan’s hours, eight dance teams with 心蕊舞蹈队 led by 穆宏, and 草原社区’s 托管室', async () => {
    const db = t.database.db;
    t.clock.set('2026-03-02T09:00:00+08:00');
    const region = await insertOrgNode(db, { parentId: null, kind: 'region', name: '内蒙古自治区', code: '15' });
    const city = await insertOrgNode(db, { parentId: region.id, kind: 'city', name: '包头市', code: '1502' });
    await insertOrgNode(db, { parentId: city.id, kind: 'county', name: '青山区', code: '150204' });
    await seedDemoData(db, { env: 'test', out: { log: () => {}, tty: false }, now: t.clock.now() });
    const first = await seedRoomsDemo(db, t.clock.now());
    expect(first).toMatchObject({ skipped: false, rooms: 8, teams: 8 });
    expect(first.accountsCreated).toContain('baoli.muhong');
    expect(await seedRoomsDemo(db, t.clock.now())).toMatchObject({ skipped: true });

    const liguilan = caller(t, 0, await loginAs(t.app, 'resident.baoli', DEMO_PASSWORD));
    const centers = (await liguilan.get('/rooms/centers')).json().items as { id: number; name: string }[];
    const baoli = centers.find((c) => c.name === '保利社区党群服务中心')!;
    const list = (await liguilan.get(`/rooms?centerId=${baoli.id}`)).json().items.map((r: { name: string }) => r.name);
    expect(list.sort()).toEqual(['书屋（樊登书店）', '乒乓球室', '小舞蹈室', '日间照料室', '棋牌室', '歌唱室', '舞蹈室'].sort());
    const hours = (await liguilan.get(`/rooms/centers/${baoli.id}/hours?from=2026-03-06&to=2026-03-07`)).json();
    const hall = hours.schedules.find((s: { purpose: string }) => s.purpose === 'hall');
    expect(hall.days.map((d: { hours: unknown }) => d.hours)).toEqual([[{ opens: '08:30', closes: '18:30' }], [{ opens: '09:00', closes: '12:00' }]]);
    expect(hours.rooms[0].days[1].hours).toEqual([{ opens: '08:30', closes: '22:00' }]);

    const teams = (await liguilan.get('/teams?mine=true')).json().items;
    expect(teams).toMatchObject([{ name: '心蕊舞蹈队', leader: { displayName: '穆宏' } }]);
    const muhong = caller(t, 0, await loginAs(t.app, 'baoli.muhong', DEMO_PASSWORD));
    const week = (await muhong.get(`/rooms/centers/${baoli.id}/availability?from=2026-03-03&to=2026-03-03`)).json();
    const small = week.rooms.find((r: { name: string }) => r.name === '小舞蹈室');
    expect(small.days[0].busy).toEqual([expect.objectContaining({ team: '心蕊舞蹈队', mine: true, starts: '19:00', ends: '21:00' })]);
    const big = week.rooms.find((r: { name: string }) => r.name === '舞蹈室');
    expect(big.days[0].busy.map((b: { team: string }) => b.team)).toEqual(['金秋舞蹈队', '康乐舞蹈队']);

    const [caoyuanUser] = await db.select().from(users).where(eq(users.username, 'resident.caoyuan'));
    expect(caoyuanUser).toBeDefined();
    const zhang = caller(t, caoyuanUser!.id, await loginAs(t.app, 'resident.caoyuan', DEMO_PASSWORD));
    const theirs = (await zhang.get('/rooms')).json().items.map((r: { name: string }) => r.name);
    expect(theirs.sort()).toEqual(['书屋（樊登书店）', '托管室'].sort());
  });
});
