import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../../db/schema/services.js';
import { notifications } from '../../../db/schema/platform.js';
import { sessions } from '../../../db/schema/users.js';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { at, SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, insertWindow, servicesWorld } from '../../../../test/services.js';
import { subscribeQueue, type QueueEvent } from './live.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let social: number; // 社保: windows 1 and 2
let cert: number; // 证明: window 3 only
let win1: number;
let win2: number;
let win3: number;
let winB: number;
let seq = 0;

/** An appointment written directly (booking is the appointments part's). */
async function appointment(opts: { windowId: number; itemId: number; startsAt: string; userId?: number | null; name?: string; centerId?: number; nodeId?: number }) {
  const now = t.clock.now();
  const starts = new Date(opts.startsAt);
  const [row] = await t.database.db
    .insert(appointments)
    .values({
      number: `YQ${++seq}${Date.now() % 100000}`,
      windowId: opts.windowId,
      serviceCenterId: opts.centerId ?? w.centerA.id,
      nodeId: opts.nodeId ?? w.tree.communityA.id,
      itemId: opts.itemId,
      userId: opts.userId ?? null,
      name: opts.name ?? '张桂芳',
      startsAt: starts,
      endsAt: new Date(starts.getTime() + 30 * 60_000),
      status: 'booked',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

const take = async (itemId: number, windowId?: number) => {
  const res = await w.staffA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId, ...(windowId ? { windowId } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string; token: string; windowId: number | null; status: string };
};
const callNext = (windowId: number, who = w.staffA) => who.post(`/services/queue/windows/${windowId}/call-next`);
const called = async (windowId: number) => {
  const res = await callNext(windowId);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; number: string; status: string; windowId: number };
};

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'Q');
  const db = t.database.db;
  social = await insertItem(db, w.tree.communityA.id, '养老保险参保登记');
  cert = await insertItem(db, w.tree.communityA.id, '居住证明开具', { category: 'certificates' });
  win1 = await insertWindow(db, w.centerA.id, 1, { itemIds: [social], staffIds: [w.staffA.id] });
  win2 = await insertWindow(db, w.centerA.id, 2, { itemIds: [social], ticketPrefix: 'B' });
  win3 = await insertWindow(db, w.centerA.id, 3, { itemIds: [cert], ticketPrefix: 'C' });
  const itemB = await insertItem(db, w.tree.communityB.id, '医保报销');
  winB = await insertWindow(db, w.centerB.id, 1, { itemIds: [itemB] });
  // The tests move the clock over several days: keep everyone signed in.
  await db.update(sessions).set({ expiresAt: new Date('2027-01-01T00:00:00Z') });
}, SETUP_TIMEOUT_MS);

afterAll(async () => t?.close());

describe('taking tickets', () => {
  it('numbers per prefix: several windows → any of them (first prefix); one window → that window', async () => {
    t.clock.set(at('2026-03-02', '09:00'));
    const a = await take(social);
    const b = await take(social);
    const c = await take(cert);
    expect([a.number, b.number, c.number]).toEqual(['A001', 'A002', 'C001']);
    expect(a.windowId).toBeNull();
    expect(c.windowId).toBe(win3);
    const kiosk = await t.app.inject({ method: 'POST', url: '/api/v1/services/queue/tickets/kiosk', payload: { centerId: w.centerA.id, itemId: cert } });
    expect(kiosk.statusCode, kiosk.body).toBe(201);
    expect(kiosk.json()).toMatchObject({ number: 'C002', source: 'kiosk', ahead: 1, link: expect.stringMatching(/^\/m\/services\/tickets\/[\w-]+$/) });
  });

  it('is refused while the hall is closed (lunch, Saturday afternoon): 409 hall_closed', async () => {
    t.clock.set(at('2026-03-02', '12:30'));
    const res = await w.staffA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: social });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('hall_closed');
    t.clock.set(at('2026-03-07', '15:00'));
    const kiosk = await t.app.inject({ method: 'POST', url: '/api/v1/services/queue/tickets/kiosk', payload: { centerId: w.centerA.id } });
    expect(errorCode(kiosk)).toBe('hall_closed');
  });

  it('a resident on the phone holds one ticket at a time; residents cannot pick a window; bad input is 400', async () => {
    t.clock.set(at('2026-03-02', '14:00'));
    const mine = await w.residentA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: cert });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json().source).toBe('phone');
    expect(errorCode(await w.residentA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: social }))).toBe('ticket_already_held');
    expect((await w.residentA2.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: social, windowId: win1 })).statusCode).toBe(403);
    expect((await w.staffA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: social, extra: 1 })).statusCode).toBe(400);
    expect((await w.staffA.post('/services/queue/tickets', { centerId: 'x' })).statusCode).toBe(400);
    expect(errorCode(await w.staffA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: cert, windowId: win1 }))).toBe('window_item_mismatch');
    const mineList = await w.residentA.get('/services/queue/tickets/mine');
    expect(mineList.json().items.map((x: { number: string }) => x.number)).toContain(mine.json().number);
  });
});

describe('the order of the queue', () => {
  it('walk-ins by time; a checked-in appointment waits behind earlier walk-ins until its slot, then goes ahead of all', async () => {
    const day = '2026-03-03';
    t.clock.set(at(day, '09:00'));
    const w1 = await take(social);
    t.clock.set(at(day, '09:05'));
    const w2 = await take(social);
    const appt = await appointment({ windowId: win1, itemId: social, startsAt: at(day, '09:30'), userId: w.residentA.id });
    t.clock.set(at(day, '09:10'));
    const checkIn = await w.staffA.post('/services/queue/check-in', { appointmentNumber: appt.number });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    expect(checkIn.json()).toMatchObject({ number: 'Y001', source: 'appointment', windowId: win1, queuedAt: '2026-03-03T09:30:00+08:00' });
    const [a] = await t.database.db.select().from(appointments).where(eq(appointments.id, appt.id));
    expect(a!.status).toBe('checked_in');
    t.clock.set(at(day, '09:12'));
    const w3 = await take(social);
    t.clock.set(at(day, '09:15'));
    expect((await called(win1)).number).toBe(w1.number);
    expect((await called(win1)).number).toBe(w2.number);
    t.clock.set(at(day, '09:31'));
    const w4 = await take(social);
    const y = await called(win1);
    expect(y.number).toBe('Y001');
    expect((await called(win2)).number).toBe(w3.number);
    expect((await called(win1)).number).toBe(w4.number);
    expect(errorCode(await callNext(win1))).toBe('queue_empty');
    // Done → the appointment is served; the holder was told which window.
    await w.staffA.post(`/services/queue/tickets/${y.id}/serve`);
    expect((await w.staffA.post(`/services/queue/tickets/${y.id}/done`)).json().status).toBe('done');
    const [served] = await t.database.db.select().from(appointments).where(eq(appointments.id, appt.id));
    expect(served!.status).toBe('served');
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.residentA.id));
    expect(notes.map((n) => n.title)).toContain('请到1号窗口');
  });

  it('an appointment checked in before its slot is called only when nobody else waits; other windows never call it', async () => {
    const day = '2026-03-04';
    const appt = await appointment({ windowId: win1, itemId: social, startsAt: at(day, '10:00') });
    t.clock.set(at(day, '09:40'));
    await w.staffA.post('/services/queue/check-in', { appointmentNumber: appt.number });
    const walk = await take(social);
    expect(errorCode(await callNext(win3))).toBe('queue_empty');
    expect((await called(win1)).number).toBe(walk.number);
    expect((await called(win1)).number).toBe('Y001');
  });

  it('a no-show is skipped; a skipped walk-in requeued goes to the end; a transfer keeps its place', async () => {
    const day = '2026-03-05';
    t.clock.set(at(day, '09:00'));
    const a = await take(social);
    t.clock.advanceMinutes(1);
    const b = await take(social);
    t.clock.advanceMinutes(1);
    const c = await take(social);
    const first = await called(win1);
    expect(first.number).toBe(a.number);
    expect((await w.staffA.post(`/services/queue/tickets/${first.id}/recall`)).json().callCount).toBe(2);
    expect((await w.staffA.post(`/services/queue/tickets/${first.id}/no-show`)).json().status).toBe('no_show');
    expect((await called(win1)).number).toBe(b.number);
    t.clock.advanceMinutes(1);
    expect((await w.staffA.post(`/services/queue/tickets/${a.id}/requeue`)).json().status).toBe('waiting');
    // c was taken before the requeue, so it comes first; c is sent to window 3 and keeps its place there.
    const moved = await w.staffA.post(`/services/queue/tickets/${c.id}/transfer`, { windowId: win3 });
    expect(moved.json()).toMatchObject({ status: 'waiting', windowId: win3 });
    const d = await take(cert);
    expect((await called(win3)).number).toBe(c.number);
    expect((await called(win3)).number).toBe(d.number);
    // A requeued ticket stays with the window that called it.
    expect(errorCode(await callNext(win2))).toBe('queue_empty');
    expect((await called(win1)).number).toBe(a.number);
    expect(errorCode(await w.staffA.post(`/services/queue/tickets/${a.id}/requeue`))).toBe('ticket_state');
    expect((await w.staffA.post(`/services/queue/tickets/${a.id}/transfer`, {})).statusCode).toBe(400);
  });

  it('ten windows calling at once on five tickets get five different tickets; the others hear queue_empty', async () => {
    const day = '2026-03-06';
    t.clock.set(at(day, '10:00'));
    for (let i = 0; i < 5; i++) await take(social);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => callNext(i % 2 === 0 ? win1 : win2)));
    const ok = results.filter((r) => r.statusCode === 200).map((r) => r.json().id as number);
    expect(ok).toHaveLength(5);
    expect(new Set(ok).size).toBe(5);
    expect(results.filter((r) => r.statusCode === 409 && errorCode(r) === 'queue_empty')).toHaveLength(5);
  });
});

describe('checking in', () => {
  it('the resident checks in their own appointment from 30 minutes before, until the no-show window', async () => {
    const day = '2026-03-09';
    const mine = await appointment({ windowId: win1, itemId: social, startsAt: at(day, '10:00'), userId: w.residentA2.id });
    t.clock.set(at(day, '09:20'));
    expect(errorCode(await w.residentA2.post('/services/queue/check-in', { appointmentId: mine.id }))).toBe('check_in_too_early');
    expect((await w.residentA.post('/services/queue/check-in', { appointmentId: mine.id })).statusCode).toBe(404);
    t.clock.set(at(day, '09:45'));
    const ok = await w.residentA2.post('/services/queue/check-in', { appointmentId: mine.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(errorCode(await w.residentA2.post('/services/queue/check-in', { appointmentId: mine.id }))).toBe('already_checked_in');
    const late = await appointment({ windowId: win1, itemId: social, startsAt: at(day, '09:00') });
    expect(errorCode(await w.staffA.post('/services/queue/check-in', { appointmentNumber: late.number }))).toBe('check_in_too_late');
    const tomorrow = await appointment({ windowId: win1, itemId: social, startsAt: at('2026-03-10', '09:30') });
    expect(errorCode(await w.staffA.post('/services/queue/check-in', { appointmentNumber: tomorrow.number }))).toBe('check_in_not_today');
    expect(errorCode(await w.staffA.post('/services/queue/check-in', {}))).toBe('check_in_target');
    expect((await w.staffB.post('/services/queue/check-in', { appointmentNumber: tomorrow.number })).statusCode).toBe(404);
  });
});

describe('the desk, the display and who may do what', () => {
  it('the public display and the ticket link show numbers and windows, never names; live events carry the call', async () => {
    const day = '2026-03-11';
    t.clock.set(at(day, '09:00'));
    const appt = await appointment({ windowId: win1, itemId: social, startsAt: at(day, '09:00'), userId: w.residentA.id, name: '李桂兰' });
    const ticket = (await w.staffA.post('/services/queue/check-in', { appointmentNumber: appt.number })).json() as { token: string };
    const walk = await take(social);
    const events: QueueEvent[] = [];
    const stop = subscribeQueue(w.centerA.id, (e) => events.push(e));
    const c = await called(win1);
    stop();
    expect(c.number).toBe('Y001');
    expect(events).toContainEqual(expect.objectContaining({ type: 'call', number: 'Y001', windowNumber: 1 }));
    const display = await t.app.inject({ method: 'GET', url: `/api/v1/services/display/${w.centerA.id}` });
    expect(display.statusCode).toBe(200);
    expect(display.json()).toMatchObject({ current: [{ number: 'Y001', windowNumber: 1, status: 'called' }], waitingTotal: 1, open: true });
    expect(display.body).not.toContain('李');
    const pos = await t.app.inject({ method: 'GET', url: `/api/v1/services/queue/tickets/by-token/${walk.token}` });
    expect(pos.json()).toMatchObject({ status: 'waiting', ahead: 0, estimatedWaitMinutes: expect.any(Number) });
    const mine = await t.app.inject({ method: 'GET', url: `/api/v1/services/queue/tickets/by-token/${ticket.token}` });
    expect(mine.json()).toMatchObject({ status: 'called', windowNumber: 1 });
    expect(mine.body).not.toContain('李桂兰');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/services/queue/tickets/by-token/nosuchtoken123' })).statusCode).toBe(404);
    const qr = await t.app.inject({ method: 'GET', url: `/api/v1/services/queue/tickets/by-token/${walk.token}/qr` });
    expect(qr.json()).toMatchObject({ url: expect.stringContaining(`/m/services/tickets/${walk.token}`), svg: expect.stringContaining('<svg') });
    const desk = await w.staffA.get(`/services/queue/desk?centerId=${w.centerA.id}&windowId=${win1}`);
    expect(desk.statusCode).toBe(200);
    const row = desk.json().tickets.find((x: { number: string }) => x.number === 'Y001');
    expect(row).toMatchObject({ holderName: '李**', appointmentNumber: appt.number });
  });

  it('the display stream sends a snapshot at once, then each call live (numbers only)', async () => {
    t.clock.set(at('2026-03-12', '09:00'));
    await take(social);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/services/display/${w.centerA.id}/stream`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (done: () => boolean) => {
      while (!done()) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntil(() => text.includes('event: snapshot'));
    expect(text).toContain('"waitingTotal":1');
    await called(win1);
    await readUntil(() => text.includes('event: call'));
    expect(text).toMatch(/event: call\ndata: \{"number":"A001","windowNumber":1/);
    abort.abort();
  });

  it('refuses staff of another center (404), residents (403/404) and the anonymous (401)', async () => {
    t.clock.set(at('2026-03-11', '10:00'));
    expect((await callNext(win1, w.staffB)).statusCode).toBe(404);
    expect((await callNext(win1, w.residentA2)).statusCode).toBe(403);
    expect((await w.residentA.get(`/services/queue/desk?centerId=${w.centerA.id}`)).statusCode).toBe(404);
    expect((await w.staffB.get(`/services/queue/desk?centerId=${w.centerA.id}`)).statusCode).toBe(404);
    expect((await w.staffB.get(`/services/queue/waits?centerId=${w.centerA.id}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/services/queue/windows/${win1}/call-next` })).statusCode).toBe(401);
    const own = await w.staffB.post('/services/queue/tickets', { centerId: w.centerB.id });
    expect(own.statusCode, own.body).toBe(201);
    expect((await w.staffA.post(`/services/queue/tickets/${own.json().id}/transfer`, { windowId: winB })).statusCode).toBe(404);
    expect((await w.staffB.post(`/services/queue/tickets/${own.json().id}/transfer`, { windowId: win1 })).statusCode).toBe(400);
  });
});
