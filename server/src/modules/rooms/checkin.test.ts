import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { at, booking, crowd, roomsWorld, roomVia, scheduleVia, type Caller, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { notifications } from '../../db/schema/platform.js';
import { bookings, bookingSuspensions } from '../../db/schema/rooms.js';
import { RELEASE_JOB } from './noShows.js';

/** Waitlist promotion, check-in by QR code and by staff, no-show release at the right minute, suspension. */

let t: TestApp;
let w: Awaited<ReturnType<typeof roomsWorld>>;
let dance: { id: number };
let small: { id: number };
let chess: { id: number };
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await roomsWorld(t, 'Ci');
  const s = await scheduleVia(w.staffA, w.centerA.id, '功能室');
  dance = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '舞蹈室', scheduleId: s.id });
  small = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '小舞蹈室', scheduleId: s.id, requiresApproval: true });
  chess = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '棋牌室', kind: 'chess_cards', scheduleId: s.id });
  token = (await w.staffA.get(`/rooms/${dance.id}/qr`)).json().token;
  await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/settings`, { openToAll: false, noShowLimit: 2, noShowWindowDays: 30, suspensionDays: 7 });
  await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/quotas`, { quotas: [{ roomId: chess.id, subject: 'resident', hoursPerWeek: 2 }] });
}, SETUP_TIMEOUT_MS);
afterAll(() => t.close());

const statusOf = async (id: number) => (await t.database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.status;
const inbox = async (userId: number, kind: string) =>
  t.database.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
const runJob = () => t.app.ctx.jobs.run(RELEASE_JOB);

describe('waitlist', () => {
  let w1: Caller;
  let w2: Caller;
  let w3: Caller;

  it('joins only a taken slot, once', async () => {
    [w1, w2, w3] = (await crowd(t, 'CiW', 3, w.tree.unitA1.id, w.tree.communityA.id)) as [Caller, Caller, Caller];
    const free = await w1.post('/bookings/waitlist', booking(chess.id, '2026-03-03', '19:00', '21:00'));
    expect(free.statusCode).toBe(409);
    expect(errorCode(free)).toBe('slot_free');
    expect((await w.residentA2.post('/bookings', booking(chess.id, '2026-03-03', '19:00', '21:00'))).statusCode).toBe(201);
    expect((await w.staffA.post('/bookings', booking(chess.id, '2026-03-03', '18:00', '19:00'))).statusCode).toBe(201);
    const first = await w3.post('/bookings/waitlist', booking(chess.id, '2026-03-03', '18:00', '20:00'));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'waiting', position: 1, allowedActions: ['leave'] });
    expect((await w1.post('/bookings/waitlist', booking(chess.id, '2026-03-03', '19:00', '21:00'))).json().position).toBe(2);
    expect((await w2.post('/bookings/waitlist', booking(chess.id, '2026-03-03', '19:00', '21:00'))).json().position).toBe(3);
    const twice = await w2.post('/bookings/waitlist', booking(chess.id, '2026-03-03', '19:00', '21:00'));
    expect(errorCode(twice)).toBe('already_waiting');
  });

  it('when the slot frees up, the first in line who fits and is within quota gets it; nobody’s booking is taken', async () => {
    // w1 uses up their weekly 2 h in the chess room meanwhile; w3's window still overlaps the staff booking.
    expect((await w1.post('/bookings', booking(chess.id, '2026-03-04', '10:00', '12:00'))).statusCode).toBe(201);
    const held = (await w.residentA2.get('/bookings/mine')).json().items[0];
    const cancelled = await w.residentA2.post(`/bookings/${held.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');

    const w2List = (await w2.get('/bookings/waitlist')).json().items;
    expect(w2List[0]).toMatchObject({ status: 'promoted', position: null });
    const promoted = await w2.get(`/bookings/${w2List[0].bookingId}`);
    expect(promoted.json()).toMatchObject({ status: 'confirmed', startsAt: at('2026-03-03', '19:00'), endsAt: at('2026-03-03', '21:00'), bookedBy: { id: w2.id } });
    expect(await inbox(w2.id, 'booking.promoted')).toHaveLength(1);

    expect((await w1.get('/bookings/waitlist')).json().items[0]).toMatchObject({ status: 'waiting' });
    expect((await w3.get('/bookings/waitlist')).json().items[0]).toMatchObject({ status: 'waiting', position: 1 });
    const staffBooking = (await w.staffA.get(`/bookings?from=2026-03-03&to=2026-03-03&roomId=${chess.id}`)).json().items;
    expect(staffBooking.map((b: { startsAt: string; status: string }) => [b.startsAt, b.status])).toEqual([
      [at('2026-03-03', '18:00'), 'confirmed'],
      [at('2026-03-03', '19:00'), 'cancelled'],
      [at('2026-03-03', '19:00'), 'confirmed'],
    ]);
  });

  it('a waiter can leave the list', async () => {
    const entry = (await w1.get('/bookings/waitlist')).json().items[0];
    const left = await w1.post(`/bookings/waitlist/${entry.id}/leave`);
    expect(left.json()).toMatchObject({ status: 'left', allowedActions: [] });
    expect((await w2.post(`/bookings/waitlist/${entry.id}/leave`)).statusCode).toBe(404);
  });
});

describe('check-in and no-shows (one Monday, 2 March 2026)', () => {
  let first: number;
  let second: number;
  let third: number;
  let waitEntry: number;

  it('checks in by the room’s QR code inside the check-in window, idempotently', async () => {
    first = (await w.residentA.post('/bookings', booking(dance.id, '2026-03-02', '10:00', '11:00'))).json().id;
    second = (await w.residentA2.post('/bookings', booking(dance.id, '2026-03-02', '11:00', '12:00'))).json().id;
    third = (await w.residentA2.post('/bookings', booking(dance.id, '2026-03-02', '13:00', '15:00'))).json().id;
    waitEntry = (await w.residentA.post('/bookings/waitlist', booking(dance.id, '2026-03-02', '14:00', '15:00'))).json().id;

    t.clock.set('2026-03-02T09:40:00+08:00');
    const early = await w.residentA.post('/bookings/checkin', { token });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('签到时间为 09:45–11:00');
    t.clock.set('2026-03-02T09:50:00+08:00');
    const ok = await w.residentA.post('/bookings/checkin', { token });
    expect(ok.json()).toMatchObject({ id: first, status: 'checked_in', checkinMethod: 'qr', checkedInAt: '2026-03-02T09:50:00+08:00' });
    expect((await w.residentA.post('/bookings/checkin', { token })).json()).toMatchObject({ id: first, status: 'checked_in' });
    const wrong = await w.residentA.post('/bookings/checkin', { token: 'not-the-room-code-at-all' });
    expect(errorCode(wrong)).toBe('checkin_code_invalid');
    const stranger = await w.residentB.post('/bookings/checkin', { token });
    expect(errorCode(stranger)).toBe('nothing_to_check_in');
  });

  it('staff check a booking in at the desk; a resident cannot use the desk', async () => {
    t.clock.set('2026-03-02T10:50:00+08:00');
    expect((await w.residentA2.post(`/bookings/${second}/checkin`)).statusCode).toBe(403);
    const res = await w.staffA.post(`/bookings/${second}/checkin`);
    expect(res.json()).toMatchObject({ status: 'checked_in', checkinMethod: 'staff' });
  });

  it('releases a booking not checked in exactly 15 minutes after its start, counts the no-show, hands the time to the waitlist', async () => {
    t.clock.set('2026-03-02T13:14:59+08:00');
    await runJob();
    expect(await statusOf(third)).toBe('confirmed');
    t.clock.set('2026-03-02T13:15:00+08:00');
    await runJob();
    expect(await statusOf(third)).toBe('no_show');
    const released = await w.residentA2.get(`/bookings/${third}`);
    expect(released.json()).toMatchObject({ status: 'no_show', releasedAt: '2026-03-02T13:15:00+08:00' });
    expect(await inbox(w.residentA2.id, 'booking.no_show')).toHaveLength(1);
    const entry = (await w.residentA.get('/bookings/waitlist')).json().items.find((e: { id: number }) => e.id === waitEntry);
    expect(entry).toMatchObject({ status: 'promoted' });
    expect((await w.residentA.get(`/bookings/${entry.bookingId}`)).json()).toMatchObject({ status: 'confirmed', startsAt: at('2026-03-02', '14:00') });
    await runJob();
    expect(await inbox(w.residentA2.id, 'booking.no_show')).toHaveLength(1);
  });

  it('a second no-show within the window suspends booking at the center for the configured days', async () => {
    const fourth = (await w.residentA2.post('/bookings', booking(dance.id, '2026-03-02', '16:00', '17:00'))).json().id;
    t.clock.set('2026-03-02T16:15:00+08:00');
    await runJob();
    expect(await statusOf(fourth)).toBe('no_show');
    const [suspension] = await t.database.db.select().from(bookingSuspensions).where(eq(bookingSuspensions.userId, w.residentA2.id));
    expect(suspension).toMatchObject({ noShows: 2, endsAt: new Date('2026-03-09T16:15:00+08:00') });
    const refused = await w.residentA2.post('/bookings', booking(chess.id, '2026-03-05', '10:00', '11:00'));
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('booking_suspended');
    expect(refused.json().error.message).toBe('您因多次预约未到，暂停预约至 2026-03-09T16:15:00+08:00');
    expect(await inbox(w.residentA2.id, 'booking.suspended')).toHaveLength(1);
    const quota = await w.residentA2.get(`/bookings/quota?roomId=${chess.id}`);
    expect(quota.json().suspendedUntil).toBe('2026-03-09T16:15:00+08:00');
  });

  it('staff see the suspension and may lift it early', async () => {
    expect((await w.residentA.get(`/rooms/centers/${w.centerA.id}/suspensions`)).statusCode).toBe(403);
    const list = await w.staffA.get(`/rooms/centers/${w.centerA.id}/suspensions`);
    expect(list.json().items).toMatchObject([{ user: { id: w.residentA2.id, displayName: '穆宏' }, team: null, noShows: 2, allowedActions: ['lift'] }]);
    const lifted = await w.staffA.post(`/rooms/centers/${w.centerA.id}/suspensions/${list.json().items[0].id}/lift`);
    expect(lifted.json().items).toEqual([]);
    expect((await w.residentA2.post('/bookings', booking(chess.id, '2026-03-05', '10:00', '11:00'))).statusCode).toBe(201);
  });

  it('a request nobody approved before it starts expires and frees the slot', async () => {
    const pending = (await w.residentA.post('/bookings', booking(small.id, '2026-03-02', '17:00', '18:00'))).json();
    expect(pending.status).toBe('pending');
    t.clock.set('2026-03-02T17:00:00+08:00');
    await runJob();
    expect(await statusOf(pending.id)).toBe('expired');
    expect(await inbox(w.residentA.id, 'booking.expired')).toHaveLength(1);
  });
});

describe('the six-digit check-in code', () => {
  it('is printed with the QR code, checks in the caller’s booking when typed, and wrong guesses are throttled', async () => {
    const qr = (await w.staffA.get(`/rooms/${dance.id}/qr`)).json();
    expect(qr.code).toMatch(/^[0-9]{6}$/);
    const other = (await w.staffA.get(`/rooms/${chess.id}/qr`)).json();
    expect(other.code).not.toBe(qr.code);

    t.clock.set('2026-03-02T17:30:00+08:00');
    const id = (await w.residentA.post('/bookings', booking(dance.id, '2026-03-02', '20:00', '21:00'))).json().id;
    t.clock.set('2026-03-02T19:50:00+08:00');
    // Typed the way it is printed, with a space in the middle.
    const ok = await w.residentA.post('/bookings/checkin', { token: `${qr.code.slice(0, 3)} ${qr.code.slice(3)}` });
    expect(ok.json()).toMatchObject({ id, status: 'checked_in', checkinMethod: 'qr' });

    const wrongCode = qr.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 10; i++) {
      const res = await w.residentB.post('/bookings/checkin', { token: wrongCode === other.code ? '999999' : wrongCode });
      expect(errorCode(res)).toBe('checkin_code_invalid');
    }
    const blocked = await w.residentB.post('/bookings/checkin', { token: qr.code });
    expect(blocked.statusCode).toBe(429);
    // Someone else is not held up by another account's guesses.
    expect(errorCode(await w.residentA2.post('/bookings/checkin', { token: qr.code }))).toBe('nothing_to_check_in');

    const renewed = (await w.staffA.post(`/rooms/${dance.id}/qr/renew`)).json();
    expect(renewed.code).toMatch(/^[0-9]{6}$/);
    expect(renewed.code).not.toBe(qr.code);
  });
});
