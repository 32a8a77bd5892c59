import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { at, crowd, SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, insertWindow, servicesWorld } from '../../../../test/services.js';
import { appointments, appointmentSlots } from '../../../db/schema/services.js';
import { notifications } from '../../../db/schema/platform.js';
import { runAppointmentJobs, sendReminders } from './appointments.jobs.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let itemA: number;
let itemCity: number;
let itemB: number;
let windowA: number;
let windowB: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'ap');
  const db = t.database.db;
  itemA = await insertItem(db, w.tree.communityA.id, '养老保险参保登记');
  itemCity = await insertItem(db, w.tree.city.id, '居民医保参保登记', { category: 'medical_insurance' });
  itemB = await insertItem(db, w.tree.communityB.id, '低保申请');
  windowA = await insertWindow(db, w.centerA.id, 1, { name: '1号窗口 综合受理', itemIds: [itemA, itemCity], slotCapacity: 3 });
  windowB = await insertWindow(db, w.centerB.id, 1, { itemIds: [itemB] });
}, SETUP_TIMEOUT_MS);
afterAll(async () => t?.close());

type SlotDays = { days: { date: string; open: boolean; holiday: string | null; makeupWorkday: boolean; slots: { startsAt: string; free: number; bookable: boolean }[] }[] };

describe('windows', () => {
  it('staff create and change a window with items and staff; a resident may not (403), staff of B see 404', async () => {
    const res = await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 2, name: '2号窗口 社保医保', ticketPrefix: 'B', itemIds: [itemCity], staffIds: [w.staffA.id] });
    expect(res.statusCode).toBe(201);
    const win = res.json() as { id: number; items: { id: number }[]; staff: { id: number }[] };
    expect(win.items.map((i) => i.id)).toEqual([itemCity]);
    expect(win.staff.map((s) => s.id)).toEqual([w.staffA.id]);
    expect((await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 2, name: 'x' })).statusCode).toBe(409);
    expect(errorCode(await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 3, name: 'x', itemIds: [itemB] }))).toBe('item_not_available');
    expect(errorCode(await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 3, name: 'x', staffIds: [w.staffB.id] }))).toBe('staff_not_at_center');
    expect(errorCode(await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 3, name: 'x', slotCapacity: 2, maxPartySize: 3 }))).toBe('party_above_capacity');
    expect((await w.staffA.post('/services/windows', { centerId: w.centerA.id, number: 100, name: 'x' })).statusCode).toBe(400);
    expect((await w.residentA2.post('/services/windows', { centerId: w.centerA.id, number: 4, name: 'x' })).statusCode).toBe(403);
    expect((await w.residentA.post('/services/windows', { centerId: w.centerA.id, number: 4, name: 'x' })).statusCode).toBe(404);
    expect((await w.staffB.call('PATCH', `/services/windows/${win.id}`, { name: 'y' })).statusCode).toBe(404);
    expect((await w.staffA.call('PATCH', `/services/windows/${windowB}`, { name: 'x' })).statusCode).toBe(404);
    expect((await w.staffA.get(`/services/windows/options?centerId=${w.centerB.id}`)).statusCode).toBe(404);
    const options = (await w.staffA.get(`/services/windows/options?centerId=${w.centerA.id}`)).json() as { items: { id: number }[]; staff: { id: number }[] };
    expect(options.items.map((i) => i.id).sort()).toEqual([itemA, itemCity].sort());
    expect(options.staff.map((s) => s.id)).toContain(w.staffA.id);
    const patched = await w.staffA.call('PATCH', `/services/windows/${win.id}`, { slotCapacity: 4, maxPartySize: 2 });
    expect(patched.json()).toMatchObject({ slotCapacity: 4, maxPartySize: 2 });
    const list = (await w.residentA.get(`/services/windows?centerId=${w.centerA.id}&itemId=${itemCity}`)).json() as { items: { number: number; staff: unknown[] }[] };
    expect(list.items.map((i) => i.number)).toEqual([1, 2]);
    expect(list.items[1]!.staff).toEqual([]); // residents do not see who sits where
  });
});

describe('slots', () => {
  it('follow the hall’s hours: today after the notice, Saturday morning, closed Sunday... and 国庆 with its make-up days', async () => {
    const res = await w.residentA.get(`/services/slots?windowId=${windowA}&from=2026-03-02&to=2026-03-08`);
    expect(res.statusCode).toBe(200);
    const days = (res.json() as SlotDays).days;
    expect(days).toHaveLength(7);
    expect(days[0]!.slots.filter((s) => s.bookable)[0]!.startsAt).toBe(at('2026-03-02', '10:00')); // 60 min notice from 09:00
    expect(days[1]!.slots).toHaveLength(16);
    expect(days[5]!.slots).toHaveLength(6); // Saturday
    expect(days[6]!.slots).toHaveLength(6); // Sunday morning too (weekends 09:00–12:00)
    const oct = (await w.residentA.get(`/services/slots?windowId=${windowA}&from=2026-09-19&to=2026-10-11`)).json() as SlotDays;
    const byDate = new Map(oct.days.map((d) => [d.date, d]));
    expect(byDate.get('2026-10-01')).toMatchObject({ open: false, holiday: '国庆节', slots: [] });
    expect(byDate.get('2026-10-10')).toMatchObject({ open: true, makeupWorkday: true });
    expect(byDate.get('2026-10-10')!.slots).toHaveLength(16);
    expect(byDate.get('2026-09-20')!.slots).toHaveLength(16);
    expect(byDate.get('2026-09-20')!.slots.every((s) => !s.bookable)).toBe(true); // beyond 14 days
    expect(errorCode(await w.residentA.get(`/services/slots?windowId=${windowA}&from=2026-03-08&to=2026-03-02`))).toBe('slot_range_invalid');
    expect(errorCode(await w.residentA.get(`/services/slots?from=2026-03-02&to=2026-03-03`))).toBe('slot_query_incomplete');
    const byItem = (await w.residentA.get(`/services/slots?centerId=${w.centerA.id}&itemId=${itemCity}&from=2026-03-03&to=2026-03-03`)).json() as SlotDays & { windowIds: number[] };
    expect(byItem.windowIds).toHaveLength(2);
    expect(byItem.days[0]!.slots[0], JSON.stringify(byItem)).toMatchObject({ free: 3 + 4 });
  });
});

describe('booking', () => {
  it('50 concurrent bookings of a 3-seat slot give exactly 3', async () => {
    const people = await crowd(t, 'ap.rush', 50, w.tree.unitA1.id, w.tree.communityA.id);
    const startsAt = at('2026-03-04', '09:00');
    const results = await Promise.all(people.map((p) => p.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'slot_full')).toBe(true);
    expect(codes.filter((c) => c === 409)).toHaveLength(47);
    const [slot] = await t.database.db.select().from(appointmentSlots).where(eq(appointmentSlots.startsAt, new Date(startsAt)));
    expect(slot).toMatchObject({ capacity: 3, taken: 3 });
    // Slot settings never break what is booked: lowering below a future slot's taken is refused, raising applies.
    expect(errorCode(await w.staffA.call('PATCH', `/services/windows/${windowA}`, { slotCapacity: 2, maxPartySize: 2 }))).toBe('capacity_below_taken');
    expect((await w.staffA.call('PATCH', `/services/windows/${windowA}`, { slotCapacity: 4 })).statusCode).toBe(200);
    const [raised] = await t.database.db.select().from(appointmentSlots).where(eq(appointmentSlots.startsAt, new Date(startsAt)));
    expect(raised).toMatchObject({ capacity: 4, taken: 3 });
    expect((await w.staffA.call('PATCH', `/services/windows/${windowA}`, { slotCapacity: 3 })).statusCode).toBe(200);
  });

  it('refuses what is not a slot, too soon, too far, too many, not at the window, twice', async () => {
    const book = (body: Record<string, unknown>) => w.residentA.post('/services/appointments', { windowId: windowA, itemId: itemA, ...body });
    expect(errorCode(await book({ startsAt: at('2026-03-03', '09:10') }))).toBe('not_a_slot');
    expect(errorCode(await book({ startsAt: at('2026-03-03', '12:30') }))).toBe('not_a_slot');
    expect(errorCode(await book({ startsAt: at('2026-03-02', '09:30') }))).toBe('too_soon');
    expect(errorCode(await book({ startsAt: at('2026-03-20', '09:30') }))).toBe('too_far');
    expect(errorCode(await book({ startsAt: at('2026-03-03', '09:30'), partySize: 4 }))).toBe('party_too_large');
    expect(errorCode(await book({ startsAt: at('2026-03-03', '09:30'), itemId: itemB }))).toBe('item_not_at_window');
    expect((await book({ startsAt: 'tomorrow' })).statusCode).toBe(400);
    const ok = await book({ startsAt: at('2026-03-03', '09:30'), partySize: 2 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'booked', number: expect.stringMatching(/^Y20260303-\d+$/) });
    expect(errorCode(await book({ startsAt: at('2026-03-03', '09:30') }))).toBe('already_booked');
    // a resident cannot book in a caller's name; staff of B cannot book at A
    expect((await w.residentA2.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt: at('2026-03-03', '10:00'), name: '某人', phone: '13800000000' })).statusCode).toBe(403);
    expect((await w.staffB.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt: at('2026-03-03', '10:00'), name: '某人', phone: '13800000000' })).statusCode).toBe(404);
    expect(errorCode(await w.staffA.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt: at('2026-03-03', '10:00'), name: '某人' }))).toBe('phone_required');
  });

  it('staff book for a phone caller; lists mask the name and phone, the detail shows them to staff', async () => {
    const res = await w.staffA.post('/services/appointments', { centerId: w.centerA.id, itemId: itemCity, startsAt: at('2026-03-03', '10:00'), name: '张建国', phone: '13912345678', partySize: 2 });
    expect(res.statusCode).toBe(201);
    const { id } = res.json() as { id: number };
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row!.phoneSealed).not.toContain('13912345678');
    const list = (await w.staffA.get(`/services/appointments?centerId=${w.centerA.id}&day=2026-03-03`)).json() as { items: { id: number; name: string; phone: string | null }[] };
    expect(list.items.find((i) => i.id === id)).toMatchObject({ name: '张**', phone: '139****5678' });
    expect((await w.staffA.get(`/services/appointments/${id}`)).json()).toMatchObject({ name: '张建国', phone: '13912345678', byStaff: true });
    expect((await w.staffB.get(`/services/appointments?centerId=${w.centerA.id}&day=2026-03-03`)).statusCode).toBe(404);
    expect((await w.residentA2.get(`/services/appointments?centerId=${w.centerA.id}&day=2026-03-03`)).statusCode).toBe(403);
    expect((await w.residentA2.get(`/services/appointments/${id}`)).statusCode).toBe(403);
  });
});

describe('waiting list', () => {
  it('a full slot offers the waiting list; a cancellation promotes the first party that fits, in one transaction', async () => {
    const [p1, p2, p3, p4] = await crowd(t, 'ap.wait', 4, w.tree.unitA1.id, w.tree.communityA.id);
    const startsAt = at('2026-03-05', '14:00');
    const book = (c: typeof p1, partySize: number, waitlist = false) => c!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt, partySize, waitlist });
    const first = (await book(p1, 3)).json() as { id: number };
    expect(errorCode(await book(p2, 2))).toBe('slot_full');
    const big = (await book(p2, 3, true)).json() as { id: number; status: string };
    expect(big.status).toBe('waiting');
    const small = (await book(p3, 1, true)).json() as { id: number };
    const other = (await book(p4, 1, true)).json() as { id: number };
    expect((await p3!.get(`/services/appointments/${small.id}`)).json()).toMatchObject({ status: 'waiting', waitingPosition: 2 });
    // p1 cancels 3 seats... no: staff shrink it first? p1 cancels: all three free → the party of 3 (first) is promoted, the others wait
    expect((await p1!.post(`/services/appointments/${first.id}/cancel`, { reason: '临时有事' })).statusCode).toBe(200);
    expect((await p2!.get(`/services/appointments/${big.id}`)).json()).toMatchObject({ status: 'booked' });
    expect((await p3!.get(`/services/appointments/${small.id}`)).json()).toMatchObject({ status: 'waiting', waitingPosition: 1 });
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, p2!.id));
    expect(notes.some((n) => n.kind === 'services.appointment.promoted')).toBe(true);
    // staff cancel the party of 3: the two parties of one are promoted in order
    expect((await w.staffA.post(`/services/appointments/${big.id}/cancel`, {})).statusCode).toBe(200);
    expect((await p3!.get(`/services/appointments/${small.id}`)).json()).toMatchObject({ status: 'booked' });
    expect((await p4!.get(`/services/appointments/${other.id}`)).json()).toMatchObject({ status: 'booked' });
    const [slot] = await t.database.db.select().from(appointmentSlots).where(eq(appointmentSlots.startsAt, new Date(startsAt)));
    expect(slot!.taken).toBe(2);
  });

  it('skips a waiting party that no longer fits', async () => {
    const [p1, p2, p3, p4] = await crowd(t, 'ap.skip', 4, w.tree.unitA1.id, w.tree.communityA.id);
    const startsAt = at('2026-03-05', '14:30');
    const book = (c: typeof p1, partySize: number) => c!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt, partySize, waitlist: true });
    const a = (await book(p1, 1)).json() as { id: number };
    await book(p2, 2);
    const three = (await book(p3, 3)).json() as { id: number };
    const one = (await book(p4, 1)).json() as { id: number };
    await p1!.post(`/services/appointments/${a.id}/cancel`, {});
    expect((await p3!.get(`/services/appointments/${three.id}`)).json()).toMatchObject({ status: 'waiting' });
    expect((await p4!.get(`/services/appointments/${one.id}`)).json()).toMatchObject({ status: 'booked' });
  });
});

describe('reschedule and cancel', () => {
  it('moves atomically: a full new slot changes nothing', async () => {
    const [p1] = await crowd(t, 'ap.move', 1, w.tree.unitA1.id, w.tree.communityA.id);
    const mine = (await p1!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt: at('2026-03-06', '09:00') })).json() as { id: number };
    const full = await p1!.post(`/services/appointments/${mine.id}/reschedule`, { startsAt: at('2026-03-04', '09:00') });
    expect(errorCode(full)).toBe('slot_full');
    expect((await p1!.get(`/services/appointments/${mine.id}`)).json()).toMatchObject({ status: 'booked' });
    const moved = await p1!.post(`/services/appointments/${mine.id}/reschedule`, { startsAt: at('2026-03-06', '10:00') });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'booked', rescheduledFromId: mine.id, startsAt: at('2026-03-06', '10:00') });
    expect((await p1!.get(`/services/appointments/${mine.id}`)).json()).toMatchObject({ status: 'cancelled' });
    const mineList = (await p1!.get('/services/appointments/mine')).json() as { total: number };
    expect(mineList.total).toBe(2);
  });

  it('owners cancel until the notice; others get 404', async () => {
    const [p1] = await crowd(t, 'ap.late', 1, w.tree.unitA1.id, w.tree.communityA.id);
    const a = (await p1!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt: at('2026-03-02', '11:00') })).json() as { id: number };
    expect((await w.residentB.post(`/services/appointments/${a.id}/cancel`, {})).statusCode).toBe(404);
    t.clock.set(at('2026-03-02', '10:45'));
    expect(errorCode(await p1!.post(`/services/appointments/${a.id}/cancel`, {}))).toBe('cancel_too_late');
    expect((await w.staffA.post(`/services/appointments/${a.id}/cancel`, { reason: '窗口临时调整' })).statusCode).toBe(200);
    t.clock.set(at('2026-03-02', '09:00'));
  });
});

describe('jobs', () => {
  it('remind once the day before, mark no-shows, expire waiting entries', async () => {
    const [p1, p2] = await crowd(t, 'ap.job', 2, w.tree.unitA1.id, w.tree.communityA.id);
    const startsAt = at('2026-03-10', '09:00');
    const a = (await p1!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt, partySize: 3 })).json() as { id: number };
    const b = (await p2!.post('/services/appointments', { windowId: windowA, itemId: itemA, startsAt, waitlist: true })).json() as { id: number };
    t.clock.set(at('2026-03-09', '18:00'));
    const ctx = t.app.ctx;
    const [one, two] = await Promise.all([sendReminders(ctx, t.clock.now()), sendReminders(ctx, t.clock.now())]);
    expect(one! + two!).toBeGreaterThanOrEqual(1);
    const reminders = await t.database.db.select().from(notifications).where(eq(notifications.userId, p1!.id));
    expect(reminders.filter((n) => n.kind === 'services.appointment.reminder')).toHaveLength(1);
    t.clock.set(at('2026-03-10', '09:16'));
    await runAppointmentJobs(ctx, t.clock.now());
    const [ra] = await t.database.db.select().from(appointments).where(eq(appointments.id, a.id));
    const [rb] = await t.database.db.select().from(appointments).where(eq(appointments.id, b.id));
    expect(ra!.status).toBe('no_show');
    expect(rb!.status).toBe('expired');
    t.clock.set(at('2026-03-02', '09:00'));
  });
});
