import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { at, booking, crowd, roomsWorld, roomVia, scheduleVia, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { auditLog, notifications } from '../../db/schema/platform.js';
import { bookings } from '../../db/schema/rooms.js';

/** One-off bookings: rules, the database-enforced no-overlap under 50 concurrent attempts, scope, approval, cancel. */

let t: TestApp;
let w: Awaited<ReturnType<typeof roomsWorld>>;
let dance: { id: number };
let small: { id: number };
let chess: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  w = await roomsWorld(t, 'Bk');
  const s = await scheduleVia(w.staffA, w.centerA.id, '功能室');
  dance = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '舞蹈室', scheduleId: s.id, capacity: 40 });
  small = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '小舞蹈室', scheduleId: s.id, requiresApproval: true });
  chess = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '棋牌室', kind: 'chess_cards', scheduleId: s.id, rules: { cancelNoticeMinutes: 180 } });
}, SETUP_TIMEOUT_MS);
afterAll(() => t.close());

const holding = async (roomId: number) =>
  t.database.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.roomId, roomId), inArray(bookings.status, ['pending', 'confirmed', 'checked_in'])));

describe('booking a room', () => {
  it('books inside opening hours and answers with the booking and what the booker may do', async () => {
    const res = await w.residentA.post('/bookings', booking(dance.id, '2026-03-03', '19:00', '21:00', { purpose: '排练', attendees: 12 }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      roomName: '舞蹈室',
      status: 'confirmed',
      startsAt: '2026-03-03T19:00:00+08:00',
      endsAt: '2026-03-03T21:00:00+08:00',
      bookedBy: { id: w.residentA.id, displayName: '李桂兰' },
      purpose: '排练',
      cancelDeadline: '2026-03-03T17:00:00+08:00',
      allowedActions: ['cancel'],
    });
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'booking.create'), eq(auditLog.objectId, String(res.json().id))));
    expect(audit).toBeDefined();
    const back = await w.residentA.post('/bookings', booking(dance.id, '2026-03-03', '21:00', '22:00'));
    expect(back.statusCode).toBe(201);
  });

  it('refuses windows the rules do not allow, each with its own code and message', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [booking(dance.id, '2026-03-02', '09:00', '10:00'), 'booking_too_soon', '最早可预约 2026-03-02T09:30:00+08:00'],
      [booking(dance.id, '2026-05-10', '09:00', '10:00'), 'booking_too_far', '60 天'],
      [booking(dance.id, '2026-03-04', '09:10', '10:10'), 'booking_window_invalid', '30 分钟'],
      [booking(dance.id, '2026-03-04', '08:00', '13:00'), 'booking_window_invalid', '30–240 分钟'],
      [booking(dance.id, '2026-03-04', '21:00', '23:00'), 'room_closed', '08:00–22:00'],
      [booking(dance.id, '2026-03-04', '07:00', '09:00'), 'room_closed', '2026-03-04 的开放时间'],
      [{ roomId: dance.id, startsAt: at('2026-03-04', '10:00'), endsAt: at('2026-03-04', '09:00') }, 'booking_window_invalid', '结束时间须晚于开始时间'],
      [booking(dance.id, '2026-03-04', '10:00', '11:00', { attendees: 41 }), 'attendees_over_capacity', '最多容纳 40 人'],
    ];
    for (const [body, code, text] of cases) {
      const res = await w.residentA.post('/bookings', body);
      expect(res.statusCode, code).toBe(400);
      expect(errorCode(res)).toBe(code);
      expect(res.json().error.message).toContain(text);
      expect(res.json().error.messages.en.length).toBeGreaterThan(10);
    }
    const missing = await w.residentA.post('/bookings', { roomId: dance.id, startsAt: at('2026-03-04', '10:00') });
    expect(errorCode(missing)).toBe('validation_failed');
  });

  it('refuses an overlapping booking with 409 and says when the room is free instead', async () => {
    const res = await w.residentA2.call('POST', '/bookings', booking(dance.id, '2026-03-03', '20:00', '21:00'));
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('slot_taken');
    expect(error.messages.zh).toBe('该时段已被预约。2026-03-03 同样时长可预约：18:00–19:00、17:00–18:00、16:00–17:00');
    expect(error.details.freeWindows).toEqual([{ startsAt: '2026-03-03T08:00:00+08:00', endsAt: '2026-03-03T19:00:00+08:00' }]);
    const full = await w.residentA2.post('/bookings', booking(dance.id, '2026-03-03', '18:30', '19:30'));
    expect(full.json().error.details.suggestions[0]).toEqual({ startsAt: '2026-03-03T18:00:00+08:00', endsAt: '2026-03-03T19:00:00+08:00' });
  });

  it('availability shows each room’s hours, what holds it (mine or not, no names of residents) and the free rest', async () => {
    const url = `/rooms/centers/${w.centerA.id}/availability?from=2026-03-03&to=2026-03-04`;
    const ofDance = (body: { rooms: { roomId: number }[] }) => body.rooms.find((r) => r.roomId === dance.id) as unknown as { days: Record<string, unknown>[] };
    const mine = ofDance((await w.residentA.get(url)).json());
    expect(mine.days).toEqual([
      {
        date: '2026-03-03',
        open: true,
        hours: [{ opens: '08:00', closes: '22:00' }],
        busy: [
          { starts: '19:00', ends: '21:00', status: 'confirmed', team: null, mine: true },
          { starts: '21:00', ends: '22:00', status: 'confirmed', team: null, mine: true },
        ],
        free: [{ starts: '08:00', ends: '19:00' }],
      },
      { date: '2026-03-04', open: true, hours: [{ opens: '08:00', closes: '22:00' }], busy: [], free: [{ starts: '08:00', ends: '22:00' }] },
    ]);
    const theirs = ofDance((await w.residentA2.get(url)).json());
    expect((theirs.days[0]!.busy as { mine: boolean }[]).map((b) => b.mine)).toEqual([false, false]);
    const one = (await w.residentA2.get(`/rooms/${chess.id}/availability?from=2026-03-03&to=2026-03-03`)).json();
    expect(one).toMatchObject({ roomId: chess.id, days: [{ date: '2026-03-03', busy: [], free: [{ starts: '08:00', ends: '22:00' }] }] });
  });
});

describe('no overlap, enforced by the database', () => {
  it('50 residents pressing "book" for the same slot at once: exactly one booking, 49 clear refusals', async () => {
    const people = await crowd(t, 'Bk50', 50, w.tree.unitA1.id, w.tree.communityA.id);
    const results = await Promise.all(people.map((p) => p.post('/bookings', booking(dance.id, '2026-03-05', '19:00', '21:00'))));
    const won = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(errorCode(r)).toBe('slot_taken');
      expect(r.json().error.message).toContain('同样时长可预约：17:00–19:00');
    }
    const rows = await holding(dance.id);
    expect(rows.filter((b) => b.startsAt.getTime() === new Date(at('2026-03-05', '19:00')).getTime())).toHaveLength(1);
  });

  it('the constraint itself refuses an overlapping row written behind the service’s back', async () => {
    const [row] = await holding(dance.id);
    const attempt = t.database.db.insert(bookings).values({ ...row!, id: undefined, startsAt: new Date(row!.startsAt.getTime() + 30 * 60_000) } as never);
    await expect(attempt).rejects.toMatchObject({ cause: { code: '23P01' } });
    const released = await t.database.db.execute(
      sql`insert into bookings (room_id, booked_by, starts_at, ends_at, status, created_at) values (${dance.id}, ${w.staffA.id}, ${row!.startsAt.toISOString()}, ${row!.endsAt.toISOString()}, 'cancelled', now())`,
    );
    expect(released).toBeDefined(); // cancelled rows do not hold the room
  });
});

describe('who may see and book which rooms', () => {
  it('a 草原社区 resident can neither list, read nor book 保利社区 rooms', async () => {
    const list = await w.residentB.get('/rooms');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    expect((await w.residentB.get(`/rooms/${dance.id}`)).statusCode).toBe(404);
    expect((await w.residentB.get(`/rooms/centers/${w.centerA.id}/availability?from=2026-03-03&to=2026-03-03`)).statusCode).toBe(404);
    expect((await w.residentB.get(`/rooms/centers/${w.centerA.id}/hours?from=2026-03-03&to=2026-03-03`)).statusCode).toBe(404);
    const centers = (await w.residentB.get('/rooms/centers')).json().items;
    expect(centers.map((c: { name: string }) => c.name)).toEqual(['Bk草原社区党群服务中心']);
    const book = await w.residentB.post('/bookings', booking(chess.id, '2026-03-06', '10:00', '11:00'));
    expect(book.statusCode).toBe(404);
    const mine = await w.residentA.get('/rooms');
    expect(mine.json().items.map((r: { name: string }) => r.name).sort()).toEqual(['小舞蹈室', '棋牌室', '舞蹈室']);
    expect(mine.json().items[0].allowedActions).toEqual(['book', 'waitlist']);
  });

  it('a room open to all, and then a whole center open to all, can be listed and booked from 草原社区', async () => {
    expect((await w.staffA.call('PATCH', `/rooms/${chess.id}`, { openToAll: true })).statusCode).toBe(200);
    const list = await w.residentB.get('/rooms');
    expect(list.json().items.map((r: { name: string }) => r.name)).toEqual(['棋牌室']);
    const book = await w.residentB.post('/bookings', booking(chess.id, '2026-03-06', '10:00', '11:00'));
    expect(book.statusCode).toBe(201);
    expect((await w.residentB.get(`/rooms/${dance.id}`)).statusCode).toBe(404);
    const settings = await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/settings`, { openToAll: true, noShowLimit: 3, noShowWindowDays: 30, suspensionDays: 14 });
    expect(settings.statusCode).toBe(200);
    expect((await w.residentB.get('/rooms')).json().items).toHaveLength(3);
    await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/settings`, { openToAll: false, noShowLimit: 3, noShowWindowDays: 30, suspensionDays: 14 });
    await w.staffA.call('PATCH', `/rooms/${chess.id}`, { openToAll: false });
    expect((await w.residentB.get(`/rooms/${chess.id}`)).statusCode).toBe(404);
  });

  it('staff manage only their own community’s rooms; residents cannot manage', async () => {
    expect((await w.staffB.call('PATCH', `/rooms/${dance.id}`, { capacity: 10 })).statusCode).toBe(404);
    expect((await w.residentA.call('PATCH', `/rooms/${dance.id}`, { capacity: 10 })).statusCode).toBe(403);
    const create = await w.residentA.post('/rooms', { serviceCenterId: w.centerA.id, name: '我的房间', kind: 'other' });
    expect(create.statusCode).toBe(403);
    const dup = await w.staffA.post('/rooms', { serviceCenterId: w.centerA.id, name: '舞蹈室', kind: 'dance' });
    expect(errorCode(dup)).toBe('room_name_taken');
    const qr = await w.staffA.get(`/rooms/${dance.id}/qr`);
    expect(qr.statusCode).toBe(200);
    expect(qr.json().svg).toContain('<svg');
    expect(qr.json().checkinUrl).toMatch(/\/m\/rooms\/checkin\?token=/);
    expect((await w.residentA.get(`/rooms/${dance.id}/qr`)).statusCode).toBe(403);
  });
});

describe('approval and cancellation', () => {
  it('a room that needs approval: pending holds the slot, staff are told, the approval reaches the booker', async () => {
    const res = await w.residentA.post('/bookings', booking(small.id, '2026-03-04', '19:00', '20:00'));
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('pending');
    const id = res.json().id as number;
    const other = await w.residentA2.post('/bookings', booking(small.id, '2026-03-04', '19:30', '20:30'));
    expect(errorCode(other)).toBe('slot_taken');
    const inbox = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.staffA.id));
    expect(inbox.some((n) => n.kind === 'booking.approval_needed' && n.title.includes('小舞蹈室'))).toBe(true);
    // The booker hears at once that the request is in and waits for approval.
    const asked = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.residentA.id));
    expect(asked.find((n) => n.kind === 'booking.requested')).toMatchObject({ title: '预约已提交，等待审批：小舞蹈室 3月4日 19:00–20:00' });
    expect((await w.residentA.post(`/bookings/${id}/approve`)).statusCode).toBe(403);
    expect((await w.staffB.post(`/bookings/${id}/approve`)).statusCode).toBe(404);
    const pending = await w.staffA.get(`/bookings?from=2026-03-04&to=2026-03-04&status=pending`);
    expect(pending.json().items.map((b: { id: number }) => b.id)).toEqual([id]);
    expect(pending.json().items[0].allowedActions).toEqual(['cancel', 'approve', 'reject']);
    const approved = await w.staffA.post(`/bookings/${id}/approve`, { note: '已安排' });
    expect(approved.json()).toMatchObject({ status: 'confirmed', decisionNote: '已安排' });
    // A POST without any body is read as an empty one.
    expect(errorCode(await w.staffA.call('POST', `/bookings/${id}/approve`))).toBe('booking_status');
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.residentA.id));
    expect(told.some((n) => n.kind === 'booking.approved')).toBe(true);
    // The inbox answers in both languages: pages in English show the English the notice was written with.
    const inboxOfBooker = (await w.residentA.get('/notifications?limit=100')).json().items as { kind: string; title: string; body: string; en: unknown }[];
    expect(inboxOfBooker.find((n) => n.kind === 'booking.approved')).toMatchObject({
      title: '预约已通过：小舞蹈室 3月4日 19:00–20:00',
      body: '已安排',
      en: { title: 'Booking approved: 小舞蹈室 2026-03-04 19:00–20:00', body: '已安排' },
    });
    const staffInbox = (await w.staffA.get('/notifications?limit=100')).json().items as { kind: string; en: { title: string; body: string } | null }[];
    expect(staffInbox.find((n) => n.kind === 'booking.approval_needed')?.en).toEqual({
      title: 'Awaiting approval: 小舞蹈室 2026-03-04 19:00–20:00',
      body: '李桂兰 asks to use it',
    });
  });

  it('rejecting frees the slot; staff booking a room that needs approval are confirmed at once', async () => {
    const res = await w.residentA2.post('/bookings', booking(small.id, '2026-03-05', '10:00', '11:00'));
    const rejected = await w.staffA.post(`/bookings/${res.json().id}/reject`, { note: '当天有社区活动' });
    expect(rejected.json().status).toBe('rejected');
    const staff = await w.staffA.post('/bookings', booking(small.id, '2026-03-05', '10:00', '11:00', { purpose: '社区活动' }));
    expect(staff.json().status).toBe('confirmed');
    const made = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.staffA.id));
    expect(made.find((n) => n.kind === 'booking.created')).toMatchObject({ title: '预约成功：小舞蹈室 3月5日 10:00–11:00', link: `/m/bookings/${staff.json().id}` });
  });

  it('the booker cancels until the room’s notice; after that only staff can', async () => {
    const early = await w.residentA.post('/bookings', booking(chess.id, '2026-03-02', '14:00', '15:00'));
    expect(early.json().cancelDeadline).toBe('2026-03-02T11:00:00+08:00');
    const late = await w.residentA.post('/bookings', booking(chess.id, '2026-03-02', '11:00', '12:00'));
    const refused = await w.residentA.post(`/bookings/${late.json().id}/cancel`, { reason: '临时有事' });
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('cancel_too_late');
    expect(refused.json().error.message).toContain('请联系社区工作人员');
    expect((await w.residentA2.post(`/bookings/${early.json().id}/cancel`)).statusCode).toBe(404);
    const ok = await w.residentA.post(`/bookings/${early.json().id}/cancel`, { reason: '临时有事' });
    expect(ok.json()).toMatchObject({ status: 'cancelled', cancelReason: '临时有事', allowedActions: [] });
    const byStaff = await w.staffA.post(`/bookings/${late.json().id}/cancel`, { reason: '设备检修' });
    expect(byStaff.json().status).toBe('cancelled');
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.residentA.id));
    expect(told.some((n) => n.kind === 'booking.cancelled' && n.body === '设备检修')).toBe(true);
    const mine = await w.residentA.get('/bookings/mine?status=cancelled');
    expect(mine.json().items).toHaveLength(2);
  });
});
