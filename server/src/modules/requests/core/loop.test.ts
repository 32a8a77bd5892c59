import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { POINT, requestWorld, type World } from '../../../../test/requests.js';
import { auditLog, notifications } from '../../../db/schema/platform.js';
import { requestCounters } from '../../../db/schema/requests.js';
import { JOB_NAMES } from '../deadlines/jobs.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await requestWorld(t, 'Loop');
});
afterAll(() => t.close());

async function categoryId(code: string): Promise<number> {
  const res = await w.api('residentA', 'GET', '/requests/categories');
  for (const top of res.json().items) for (const c of top.children) if (c.code === code) return c.id;
  throw new Error(`no category ${code}`);
}

async function inbox(who: 'staffA' | 'staffB' | 'residentA') {
  return (await w.api(who, 'GET', '/requests/inbox')).json().items as { id: number }[];
}

interface InboxItem {
  kind: string;
  title: string;
  body: string;
  en: { title: string; body: string } | null;
}

/** The inbox as the notifications API answers it, with the English each notice carries. */
async function inboxOf(who: 'gridA1', kind: string): Promise<Omit<InboxItem, 'kind'>[]> {
  const res = await w.api(who, 'GET', '/notifications?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as InboxItem[]).filter((n) => n.kind === kind).map(({ title, body, en }) => ({ title, body, en }));
}

async function kinds(userId: number): Promise<string[]> {
  const rows = await t.database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId));
  return rows.map((r) => r.kind);
}

describe('the closed loop 接诉即办', () => {
  let id = 0;
  let number = '';

  it('a resident reports with a map point; it lands in the grid and in the community inbox', async () => {
    const res = await w.api('residentA', 'POST', '/requests', {
      content: '3号楼门口路灯不亮，晚上很黑',
      categoryId: await categoryId('light_out'),
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1], address: '保利小区3号楼' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    id = body.id;
    number = body.number;
    expect(body).toMatchObject({
      status: 'submitted',
      channel: 'resident',
      node: { id: w.tree.gridA1.id },
      reporter: { name: '张三', phone: '13800138001', isYou: true },
      category: { code: 'light_out', parent: { name: '路灯照明' } },
      // Monday 09:00, ordinary: respond by the close of Tuesday, resolve by the close of the fifth working day.
      responseDueAt: '2026-03-03T09:30:00.000Z',
      resolutionDueAt: '2026-03-09T09:30:00.000Z',
      deadlineEstimated: false,
      allowedActions: [],
    });
    expect(body.number).toMatch(/^LX20260302\d{7}$/);
    expect(body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit']);
    expect((await inbox('staffA')).map((r) => r.id)).toContain(id);
    expect((await inbox('staffB')).map((r) => r.id)).not.toContain(id);
    expect(await kinds(w.id.staffA)).toContain('request.submitted');
    expect(await kinds(w.id.staffB)).not.toContain('request.submitted');
  });

  it('staff see the reporter masked and the actions they may take', async () => {
    const res = await w.api('staffA', 'GET', `/requests/${id}`);
    expect(res.json()).toMatchObject({
      reporter: { name: '张*', phone: '138****8001', isYou: false, masked: true },
      allowedActions: ['accept', 'dispatch', 'transfer', 'merge', 'reject'],
      canViewContact: true,
    });
  });

  it('staff dispatch to the grid worker, who is notified and finds it among their tasks', async () => {
    const res = await w.api('staffA', 'POST', `/requests/${id}/dispatch`, { assigneeUserId: w.id.gridA1, note: '请尽快核实' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'dispatched', assignee: { user: { id: w.id.gridA1, name: '网格员甲' } } });
    expect(res.json().respondedAt).toBe('2026-03-02T01:00:00.000Z');
    expect(await kinds(w.id.gridA1)).toContain('request.dispatched');
    const tasks = (await w.api('gridA1', 'GET', '/requests/tasks')).json();
    expect(tasks.items.map((r: { id: number }) => r.id)).toEqual([id]);
    expect(tasks.items[0].allowedActions).toEqual(['take', 'return']);
  });

  it('the grid worker takes it, records progress and resolves it with a photo-less note', async () => {
    t.clock.advanceMinutes(30);
    expect((await w.api('gridA1', 'POST', `/requests/${id}/take`, {})).json().status).toBe('in_progress');
    const progress = await w.api('gridA1', 'POST', `/requests/${id}/progress`, { note: '已联系物业更换灯泡' });
    expect(progress.statusCode).toBe(200);
    t.clock.advanceMinutes(60);
    const resolved = await w.api('gridA1', 'POST', `/requests/${id}/resolve`, { note: '路灯已修好' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: '2026-03-02T02:30:00.000Z' });
    // Three working days to answer: Thursday's close.
    expect(resolved.json().followUp.dueAt).toBe('2026-03-05T09:30:00.000Z');
    expect(await kinds(w.id.residentA)).toEqual(expect.arrayContaining(['request.progress', 'request.resolved']));
  });

  it('the resident answers "unsatisfied": the request comes back reopened to the dispatcher', async () => {
    const mine = await w.api('residentA', 'GET', `/requests/${id}`);
    expect(mine.json().allowedActions).toEqual(['follow_up']);
    const res = await w.api('residentA', 'POST', `/requests/${id}/follow-up`, {
      solved: false,
      satisfaction: 'unsatisfied',
      comment: '灯还是不亮',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      reopenCount: 1,
      resolvedAt: null,
      assignee: { user: null, unit: null },
      followUp: { solved: false, satisfaction: 'unsatisfied', comment: '灯还是不亮' },
    });
    expect(
      res
        .json()
        .timeline.slice(-2)
        .map((e: { action: string; toStatus: string }) => [e.action, e.toStatus]),
    ).toEqual([
      ['follow_up', 'resolved'],
      ['reopen', 'accepted'],
    ]);
    expect((await inbox('staffA')).map((r) => r.id)).toContain(id);
    expect(await inboxOf('gridA1', 'request.reopened')).toEqual([
      {
        title: `诉求回访不满意，已重办：${number}`,
        body: '灯还是不亮',
        en: { title: `Unsatisfactory follow-up; request reopened: ${number}`, body: '灯还是不亮' },
      },
    ]);
  });

  it('the second round ends satisfied and closes; both answers stay counted', async () => {
    await w.api('staffA', 'POST', `/requests/${id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    await w.api('gridA1', 'POST', `/requests/${id}/take`, {});
    await w.api('gridA1', 'POST', `/requests/${id}/resolve`, { note: '更换了整套灯具' });
    const res = await w.api('residentA', 'POST', `/requests/${id}/follow-up`, { solved: true, satisfaction: 'satisfied' });
    expect(res.json()).toMatchObject({ status: 'closed', closeReason: 'followed_up', allowedActions: [] });
    expect(await inboxOf('gridA1', 'request.closed')).toEqual([
      { title: `诉求已回访结案：${number}`, body: '', en: { title: `Request closed after follow-up: ${number}`, body: '' } },
    ]);
    const [counts] = await t.database.db.select().from(requestCounters).where(eq(requestCounters.orgNodeId, w.tree.gridA1.id));
    expect(counts).toMatchObject({
      received: 1,
      respondedOnTime: 1,
      resolved: 1,
      followedUp: 2,
      solved: 1,
      satisfied: 1,
      unsatisfied: 1,
      reopened: 1,
    });
    const steps = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'request'), eq(auditLog.objectId, String(id))));
    expect(steps.map((s) => s.action)).toContain('request.reopen');
  });

  it('a resolved request nobody answers closes as "no reply" after three working days', async () => {
    t.clock.set('2026-03-06T10:00:00+08:00');
    await w.relogin('residentA2', 'staffA', 'gridA1');
    const filed = await w.api('residentA2', 'POST', '/requests', {
      content: '垃圾桶满了没人清',
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const rid = filed.json().id;
    await w.api('staffA', 'POST', `/requests/${rid}/dispatch`, { assigneeUserId: w.id.gridA1 });
    await w.api('gridA1', 'POST', `/requests/${rid}/take`, {});
    await w.api('gridA1', 'POST', `/requests/${rid}/resolve`, { note: '已清运' });
    // Friday 10:00 + 3 working days = Wednesday 17:30.
    t.clock.set('2026-03-11T17:29:00+08:00');
    await w.relogin('residentA2', 'staffA');
    await t.app.ctx.jobs.run(JOB_NAMES.followUpTimeouts);
    expect((await w.api('staffA', 'GET', `/requests/${rid}`)).json().status).toBe('resolved');
    t.clock.set('2026-03-11T17:31:00+08:00');
    await t.app.ctx.jobs.run(JOB_NAMES.followUpTimeouts);
    const closed = (await w.api('staffA', 'GET', `/requests/${rid}`)).json();
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'no_reply' });
    const late = await w.api('residentA2', 'POST', `/requests/${rid}/follow-up`, { solved: true, satisfaction: 'satisfied' });
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('request_invalid_state');
  });
});
