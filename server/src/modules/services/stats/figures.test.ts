import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, queueTickets, serviceRatings } from '../../../db/schema/services.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, insertWindow, servicesWorld } from '../../../../test/services.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;

const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
let seq = 0;

async function ticket(centerId: number, nodeId: number, day: string, o: { source?: 'kiosk' | 'appointment'; status: 'done' | 'no_show' | 'waiting'; taken: string; called?: string; done?: string; appointmentId?: number }) {
  seq += 1;
  const [row] = await t.database.db
    .insert(queueTickets)
    .values({
      serviceCenterId: centerId,
      nodeId,
      day,
      number: `A${String(seq).padStart(3, '0')}`,
      source: o.source ?? 'kiosk',
      status: o.status,
      queuedAt: at(day, o.taken),
      takenAt: at(day, o.taken),
      calledAt: o.called ? at(day, o.called) : null,
      doneAt: o.done ? at(day, o.done) : null,
      appointmentId: o.appointmentId ?? null,
      token: `tok-${process.pid}-${seq}`,
    })
    .returning({ id: queueTickets.id });
  return row!.id;
}

describe('convenience-service statistics', () => {
  beforeAll(async () => {
    t = await createTestApp();
    w = await servicesWorld(t, 'SST');
    const db = t.database.db;
    const a = w.tree.communityA.id;
    const b = w.tree.communityB.id;
    const item = await insertItem(db, w.tree.city.id, '城乡居民养老保险参保登记');
    const winA = await insertWindow(db, w.centerA.id, 1, { itemIds: [item] });
    // Community A, March: three visits waiting 10, 20 and 30 minutes, each served 10 minutes; one skipped.
    const t1 = await ticket(w.centerA.id, a, '2026-03-03', { status: 'done', taken: '09:00', called: '09:10', done: '09:20' });
    const t2 = await ticket(w.centerA.id, a, '2026-03-03', { status: 'done', taken: '09:05', called: '09:25', done: '09:35' });
    await ticket(w.centerA.id, a, '2026-03-03', { status: 'no_show', taken: '09:06', called: '09:36' });
    // An appointment kept (its ticket queued at the slot's start), one missed, one cancelled, one moved.
    const base = { windowId: winA, serviceCenterId: w.centerA.id, nodeId: a, itemId: item, name: '李桂兰', createdAt: at('2026-03-01', '10:00'), updatedAt: at('2026-03-01', '10:00') };
    const [kept] = await db.insert(appointments).values({ ...base, number: 'YSST1', startsAt: at('2026-03-04', '10:00'), endsAt: at('2026-03-04', '10:30'), status: 'served' }).returning();
    await db.insert(appointments).values({ ...base, number: 'YSST2', startsAt: at('2026-03-04', '10:00'), endsAt: at('2026-03-04', '10:30'), status: 'no_show' });
    await db.insert(appointments).values({ ...base, number: 'YSST3', startsAt: at('2026-03-05', '10:00'), endsAt: at('2026-03-05', '10:30'), status: 'cancelled' });
    const [moved] = await db.insert(appointments).values({ ...base, number: 'YSST4', startsAt: at('2026-03-05', '11:00'), endsAt: at('2026-03-05', '11:30'), status: 'cancelled' }).returning();
    await db.insert(appointments).values({ ...base, number: 'YSST5', startsAt: at('2026-03-06', '11:00'), endsAt: at('2026-03-06', '11:30'), status: 'booked', rescheduledFromId: moved!.id });
    await db.insert(appointments).values({ ...base, number: 'YSST6', startsAt: at('2026-03-06', '11:00'), endsAt: at('2026-03-06', '11:30'), status: 'waiting' });
    const t3 = await ticket(w.centerA.id, a, '2026-03-04', { source: 'appointment', status: 'done', taken: '10:00', called: '10:30', done: '10:40', appointmentId: kept!.id });
    // Ratings: 5, 4 and a bad one (answered later? no: still waiting).
    const rate = (ticketId: number, level: number, reason?: string) =>
      db.insert(serviceRatings).values({ ticketId, nodeId: a, itemId: item, windowId: winA, level, reason: reason ?? null, createdAt: at('2026-03-04', '12:00') });
    await rate(t1, 5);
    await rate(t2, 4);
    await rate(t3, 1, '等了半小时');
    // Community B, April: one visit.
    await ticket(w.centerB.id, b, '2026-04-01', { status: 'done', taken: '09:00', called: '09:04', done: '09:10' });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => t?.close());

  it('counts visits, waits, ratings and appointments from the rows, by month and child', async () => {
    const res = await w.townAdmin.get(`/services/stats?nodeId=${w.tree.town.id}&from=2026-03-01&to=2026-04-30`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.totals).toMatchObject({
      visits: 4,
      walkIns: 3,
      byAppointment: 1,
      skipped: 1,
      ratings: 3,
      satisfied: 2,
      bad: 1,
      badUnanswered: 1,
      appointments: 3,
      kept: 1,
      noShows: 1,
      cancelled: 1,
      ratingLevels: [1, 0, 0, 1, 1],
    });
    // Waits of called tickets: 10, 20, 30 (the skipped one), 30 (appointment from its slot) and 4 minutes.
    expect(s.totals.avgWaitMinutes).toBe(18.8);
    expect(s.totals.avgServiceMinutes).toBe(9); // 10, 10, 10 and 6 minutes
    expect(s.totals.satisfactionRate).toBe(0.667);
    expect(s.months.map((m: { month: string; visits: number }) => [m.month, m.visits])).toEqual([
      ['2026-03', 3],
      ['2026-04', 1],
    ]);
    const byName = Object.fromEntries(s.children.map((c: { nodeName: string; visits: number }) => [c.nodeName, c.visits]));
    expect(byName).toEqual({ SST保利社区: 3, SST草原社区: 1 });
  });

  it('keeps a community to its own rows', async () => {
    const res = await w.staffB.get(`/services/stats?nodeId=${w.tree.communityB.id}&from=2026-03-01&to=2026-04-30`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totals).toMatchObject({ visits: 1, ratings: 0, appointments: 0 });
  });

  it('refuses outside the subtree (404), without services.read (403) and a bad period (400)', async () => {
    expect((await w.staffB.get(`/services/stats?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.residentA.get(`/services/stats?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(403);
    const bad = await w.townAdmin.get(`/services/stats?nodeId=${w.tree.town.id}&from=2026-05-01&to=2026-03-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('period_invalid');
  });
});
