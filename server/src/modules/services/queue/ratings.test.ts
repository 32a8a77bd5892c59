import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../../db/schema/platform.js';
import { sessions } from '../../../db/schema/users.js';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { at, SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, insertWindow, servicesWorld } from '../../../../test/services.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let item: number;
let win1: number;

const anon = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

/** A ticket taken by the resident on the phone, called, served and done after `minutes`. */
async function visit(minutesWaiting: number, minutesServing: number) {
  const taken = await w.residentA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: item });
  expect(taken.statusCode, taken.body).toBe(201);
  t.clock.advanceMinutes(minutesWaiting);
  const called = await w.staffA.post(`/services/queue/windows/${win1}/call-next`);
  expect(called.json().id).toBe(taken.json().id);
  await w.staffA.post(`/services/queue/tickets/${called.json().id}/serve`);
  t.clock.advanceMinutes(minutesServing);
  await w.staffA.post(`/services/queue/tickets/${called.json().id}/done`);
  return taken.json() as { id: number; token: string; number: string };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'R');
  item = await insertItem(t.database.db, w.tree.communityA.id, '高龄津贴申领', { serviceMinutes: 20 });
  win1 = await insertWindow(t.database.db, w.centerA.id, 1, { itemIds: [item], staffIds: [w.staffA.id] });
  await t.database.db.update(sessions).set({ expiresAt: new Date('2027-01-01T00:00:00Z') });
}, SETUP_TIMEOUT_MS);

afterAll(async () => t?.close());

describe('好差评', () => {
  it('only a done visit, once; 不满意 needs a reason; the staff are told and must answer; the resident sees the answer', async () => {
    t.clock.set(at('2026-03-02', '09:00'));
    const waiting = await w.residentA.post('/services/queue/tickets', { centerId: w.centerA.id, itemId: item });
    expect(errorCode(await anon('POST', '/services/ratings', { token: waiting.json().token, level: 5 }))).toBe('ticket_not_done');
    await w.staffA.post(`/services/queue/windows/${win1}/call-next`);
    await w.staffA.post(`/services/queue/tickets/${waiting.json().id}/done`);
    const token = waiting.json().token as string;
    const noReason = await anon('POST', '/services/ratings', { token, level: 2 });
    expect(noReason.statusCode).toBe(400);
    expect(errorCode(noReason)).toBe('rating_reason_required');
    expect((await anon('POST', '/services/ratings', { token, level: 6 })).statusCode).toBe(400);
    expect(errorCode(await anon('POST', '/services/ratings', { level: 4 }))).toBe('rating_target');
    expect((await anon('POST', '/services/ratings', { ticketId: waiting.json().id, level: 4 })).statusCode).toBe(401);
    expect((await w.residentA2.post('/services/ratings', { ticketId: waiting.json().id, level: 4 })).statusCode).toBe(404);
    const bad = await anon('POST', '/services/ratings', { token, level: 2, reason: '等了很久，窗口人员态度冷淡' });
    expect(bad.statusCode, bad.body).toBe(201);
    expect(bad.json()).toMatchObject({ level: 2, needsAnswer: true, answer: null });
    expect(errorCode(await w.residentA.post('/services/ratings', { ticketId: waiting.json().id, level: 5 }))).toBe('already_rated');

    const staffNotes = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, w.staffA.id), eq(notifications.kind, 'services.rating.bad')));
    expect(staffNotes).toHaveLength(1);

    const list = await w.staffA.get(`/services/ratings?centerId=${w.centerA.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, unansweredBad: 1, items: [{ id: bad.json().id, needsAnswer: true, raterName: '李**' }] });
    expect((await w.staffB.get('/services/ratings')).json().total).toBe(0);
    expect((await w.staffB.get(`/services/ratings?centerId=${w.centerA.id}`)).statusCode).toBe(404);
    expect((await w.residentA2.get(`/services/ratings?centerId=${w.centerA.id}`)).statusCode).toBe(403);
    expect((await w.staffB.post(`/services/ratings/${bad.json().id}/answer`, { answer: '抱歉' })).statusCode).toBe(404);
    expect((await w.staffA.post(`/services/ratings/${bad.json().id}/answer`, { answer: '  ' })).statusCode).toBe(400);

    const answered = await w.staffA.post(`/services/ratings/${bad.json().id}/answer`, { answer: '非常抱歉，已对窗口人员进行提醒，并增开了一个窗口。' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ needsAnswer: false, answeredByName: '王丽娜' });
    expect(errorCode(await w.staffA.post(`/services/ratings/${bad.json().id}/answer`, { answer: '再次回复' }))).toBe('already_answered');
    const seen = await anon('GET', `/services/queue/tickets/by-token/${token}`);
    expect(seen.json().rating).toMatchObject({ level: 2, answer: '非常抱歉，已对窗口人员进行提醒，并增开了一个窗口。' });
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, w.residentA.id), eq(notifications.kind, 'services.rating.answered')));
    expect(told).toHaveLength(1);
    expect((await w.staffA.get('/services/ratings?unanswered=true&bad=true')).json().total).toBe(0);
  });

  it('a good rating needs no reason; filters by level', async () => {
    t.clock.set(at('2026-03-03', '09:00'));
    const v = await visit(5, 10);
    const good = await w.residentA.post('/services/ratings', { ticketId: v.id, level: 5 });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ needsAnswer: false, reason: null });
    const fives = await w.staffA.get('/services/ratings?level=5');
    expect(fives.json().items.map((r: { id: number }) => r.id)).toEqual([good.json().id]);
    expect(fives.json().levels.find((l: { level: number }) => l.level === 5).count).toBe(1);
  });
});

describe('waiting-time figures', () => {
  it('per item and per hour: average and p90 wait, average service time', async () => {
    t.clock.set(at('2026-03-04', '10:00'));
    await visit(10, 6);
    t.clock.set(at('2026-03-04', '10:30'));
    await visit(20, 12);
    const res = await w.staffA.get(`/services/queue/waits?centerId=${w.centerA.id}&from=2026-03-04&to=2026-03-04`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toMatchObject({ tickets: 2, avgWaitMinutes: 15, avgServiceMinutes: 9 });
    expect(body.total.p90WaitMinutes).toBeCloseTo(19, 0);
    expect(body.byItem).toEqual([expect.objectContaining({ itemId: item, itemName: '高龄津贴申领', tickets: 2 })]);
    expect(body.byHour).toEqual([expect.objectContaining({ hour: 10, tickets: 2, avgWaitMinutes: 15 })]);
    expect(errorCode(await w.staffA.get(`/services/queue/waits?centerId=${w.centerA.id}&from=2026-03-05&to=2026-03-04`))).toBe('range_invalid');
    expect((await w.staffA.get(`/services/queue/waits?centerId=${w.centerA.id}&from=2026-3-4&to=2026-03-04`)).statusCode).toBe(400);
  });
});
