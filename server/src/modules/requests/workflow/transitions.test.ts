import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { POINT, requestInState, requestWorld, type Person, type World } from '../../../../test/requests.js';
import { notifications } from '../../../db/schema/platform.js';
import { requestEvents, requestExtensions, REQUEST_STATUSES, type RequestStatus } from '../../../db/schema/requests.js';
import type { UserAction } from './transitions.js';

/**
 * Every step through its route: by state (a caller who may take it, on a request in each of the eight states) and
 * by role (a request in a state that allows it, each kind of caller). Requests are put straight into the state
 * under test; the expectations are written out here.
 */
let t: TestApp;
let w: World;
let target = 0;

const at = new Date('2026-03-02T09:00:00+08:00');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T10:00:00+08:00');
  w = await requestWorld(t, 'Tr');
  target = (await requestInState(t.database.db, 'accepted', { orgNodeId: w.tree.gridA1.id, receivedAt: at })).id;
});
afterAll(() => t.close());

interface Route {
  path: string;
  body: () => Record<string, unknown>;
  /** Expected state after a successful step. */
  then: RequestStatus;
}

const ROUTES: Record<UserAction, Route> = {
  accept: { path: 'accept', body: () => ({}), then: 'accepted' },
  dispatch: { path: 'dispatch', body: () => ({ assigneeUserId: w.id.gridA1 }), then: 'dispatched' },
  take: { path: 'take', body: () => ({}), then: 'in_progress' },
  progress: { path: 'progress', body: () => ({ note: '正在处理' }), then: 'in_progress' },
  resolve: { path: 'resolve', body: () => ({ note: '已处理' }), then: 'resolved' },
  return: { path: 'return', body: () => ({ reason: '不属于本网格' }), then: 'accepted' },
  transfer: { path: 'transfer', body: () => ({ targetNodeId: w.tree.gridA2.id, note: '属于第二网格' }), then: 'submitted' },
  merge: { path: 'merge', body: () => ({ intoRequestId: target }), then: 'merged' },
  reject: { path: 'reject', body: () => ({ reason: '重复咨询' }), then: 'rejected' },
  request_extension: { path: 'extension', body: () => ({ extraWorkingDays: 3, reason: '需等待配件' }), then: 'in_progress' },
  decide_extension: { path: 'extension/approve', body: () => ({ note: '同意' }), then: 'in_progress' },
  follow_up: { path: 'follow-up', body: () => ({ solved: true, satisfaction: 'satisfied' }), then: 'closed' },
};

/** Where each step may start (the table of requests/workflow/transitions.ts, written out again). */
const FROM: Record<UserAction, RequestStatus[]> = {
  accept: ['submitted'],
  dispatch: ['submitted', 'accepted', 'dispatched'],
  take: ['dispatched'],
  progress: ['in_progress'],
  resolve: ['in_progress'],
  return: ['dispatched', 'in_progress'],
  transfer: ['submitted', 'accepted', 'dispatched', 'in_progress'],
  merge: ['submitted', 'accepted', 'dispatched'],
  reject: ['submitted', 'accepted'],
  request_extension: ['in_progress'],
  decide_extension: ['in_progress'],
  follow_up: ['resolved'],
};

const DISPATCHERS: Person[] = ['staffA', 'secA', 'town', 'county'];
const WHO: Record<UserAction, Person[]> = {
  accept: DISPATCHERS,
  dispatch: DISPATCHERS,
  transfer: DISPATCHERS,
  merge: DISPATCHERS,
  reject: DISPATCHERS,
  take: ['gridA1'],
  progress: ['gridA1'],
  resolve: ['gridA1'],
  return: ['gridA1'],
  request_extension: ['gridA1'],
  decide_extension: ['secA', 'town', 'county'],
  follow_up: ['residentA', 'staffA', 'secA', 'town', 'county'],
};
/** Who sees a request at grid A1 reported by resident A and handled by grid worker A1. */
const SEES: Person[] = ['residentA', 'gridA1', 'staffA', 'secA', 'town', 'county'];
const ALL: Person[] = [
  'residentA',
  'residentA2',
  'gridA1',
  'gridA2',
  'staffA',
  'secA',
  'staffB',
  'town',
  'county',
  'dept',
  'leader',
  'rider',
];

async function requestFor(action: UserAction, status: RequestStatus): Promise<number> {
  const handled = ['dispatched', 'in_progress', 'resolved', 'closed'].includes(status);
  const row = await requestInState(t.database.db, status, {
    orgNodeId: w.tree.gridA1.id,
    receivedAt: at,
    reporterUserId: w.id.residentA,
    createdBy: w.id.residentA,
    reporterName: '张三',
    reporterPhone: '13800138001',
    assigneeUserId: handled ? w.id.gridA1 : null,
    ...(status === 'merged' ? { mergedIntoId: target } : {}),
  });
  if (action === 'decide_extension') {
    await t.database.db
      .insert(requestExtensions)
      .values({ requestId: row.id, requestedBy: w.id.gridA1, requestedAt: at, reason: '需等待配件', extraWorkingDays: 3 });
  }
  return row.id;
}

const step = (who: Person, action: UserAction, id: number) =>
  w.api(who, 'POST', `/requests/${id}/${ROUTES[action].path}`, ROUTES[action].body());

describe('by state', () => {
  const cases: [UserAction, RequestStatus, boolean][] = [];
  for (const action of Object.keys(ROUTES) as UserAction[])
    for (const status of REQUEST_STATUSES) cases.push([action, status, FROM[action].includes(status)]);

  it.each(cases)('%s on a %s request → allowed: %s', async (action, status, allowed) => {
    const id = await requestFor(action, status);
    const res = await step(WHO[action][0]!, action, id);
    if (allowed) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(ROUTES[action].then);
      const events = await t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
      expect(events.length).toBeGreaterThan(0);
    } else {
      expect(res.statusCode, res.body).toBe(409);
      expect(errorCode(res)).toBe('request_invalid_state');
      expect(res.json().error.details).toMatchObject({ status, action, allowedFrom: FROM[action] });
      const events = await t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
      expect(events).toEqual([]);
    }
  });
});

describe('by role', () => {
  const cases: [UserAction, Person, number][] = [];
  for (const action of Object.keys(ROUTES) as UserAction[]) {
    for (const who of ALL) cases.push([action, who, !SEES.includes(who) ? 404 : WHO[action].includes(who) ? 200 : 403]);
  }

  it.each(cases)('%s by %s → %i', async (action, who, code) => {
    const id = await requestFor(action, FROM[action][0]!);
    const res = await step(who, action, id);
    expect(res.statusCode, res.body).toBe(code);
    if (code !== 200) {
      expect(errorCode(res)).toBe(code === 404 ? 'not_found' : 'forbidden');
      const [row] = await t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
      expect(row).toBeUndefined();
    }
  });
});

describe('work dispatched to a unit', () => {
  it('its handler takes it; the grid worker of the place may not', async () => {
    const id = await requestFor('dispatch', 'accepted');
    const sent = await w.api('staffA', 'POST', `/requests/${id}/dispatch`, { unitNodeId: w.department.id });
    expect(sent.json()).toMatchObject({ status: 'dispatched', assignee: { user: null, unit: { id: w.department.id } } });
    const tasks = (await w.api('dept', 'GET', '/requests/tasks')).json();
    expect(tasks.items.map((r: { id: number }) => r.id)).toContain(id);
    expect((await w.api('gridA1', 'POST', `/requests/${id}/take`, {})).statusCode).toBe(403);
    const taken = await w.api('dept', 'POST', `/requests/${id}/take`, {});
    expect(taken.json()).toMatchObject({ status: 'in_progress', assignee: { user: { id: w.id.dept }, unit: { id: w.department.id } } });
  });

  it('a unit handing work back leaves the result with them though they no longer see it', async () => {
    const id = await requestFor('dispatch', 'accepted');
    await w.api('staffA', 'POST', `/requests/${id}/dispatch`, { unitNodeId: w.department.id });
    const back = await w.api('dept', 'POST', `/requests/${id}/return`, { reason: '不属于城管职责' });
    expect(back.json()).toMatchObject({ status: 'accepted', returnCount: 1, allowedActions: [] });
    expect((await w.api('dept', 'GET', `/requests/${id}`)).statusCode).toBe(404);
  });
});

describe('steps racing each other', () => {
  it('two clicks on "take" give one 200 and one 409', async () => {
    const id = await requestFor('take', 'dispatched');
    const codes = (await Promise.all([step('gridA1', 'take', id), step('gridA1', 'take', id)])).map((r) => r.statusCode);
    expect(codes.sort()).toEqual([200, 409]);
    const takes = await t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
    expect(takes.filter((e) => e.action === 'take')).toHaveLength(1);
  });

  it('two requests merged into each other at once: one merge wins, the other is refused, nothing fails', async () => {
    const a = await requestFor('merge', 'accepted');
    const b = await requestFor('merge', 'accepted');
    const [ab, ba] = await Promise.all([
      w.api('staffA', 'POST', `/requests/${a}/merge`, { intoRequestId: b }),
      w.api('secA', 'POST', `/requests/${b}/merge`, { intoRequestId: a }),
    ]);
    expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 409]);
    const loser = ab.statusCode === 409 ? ab : ba;
    expect(['merge_target_invalid', 'request_invalid_state']).toContain(errorCode(loser));
  });
});

describe('notices in English', () => {
  it('every notice a step sends carries an English title, and an English body wherever there is a Chinese one', async () => {
    const ids: number[] = [];
    const filed = await w.api('residentA', 'POST', '/requests', {
      content: '楼下的路灯一直闪',
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    ids.push(filed.json().id);
    for (const action of Object.keys(ROUTES) as UserAction[]) {
      const id = await requestFor(action, FROM[action].at(-1)!);
      ids.push(id);
      // Someone other than the first dispatcher transfers, so the dispatchers of the new place hear of it.
      const res = await step(action === 'transfer' ? 'town' : WHO[action][0]!, action, id);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    }
    const redispatch = await requestFor('dispatch', 'dispatched');
    ids.push(redispatch);
    const toUnit = await w.api('staffA', 'POST', `/requests/${redispatch}/dispatch`, { unitNodeId: w.department.id });
    expect(toUnit.statusCode, toUnit.body).toBe(200);
    const reopen = await requestFor('follow_up', 'resolved');
    ids.push(reopen);
    const unhappy = await w.api('residentA', 'POST', `/requests/${reopen}/follow-up`, { solved: false, satisfaction: 'unsatisfied' });
    expect(unhappy.statusCode, unhappy.body).toBe(200);

    const sent = (await t.database.db.select().from(notifications).where(like(notifications.kind, 'request.%'))).filter((n) =>
      ids.includes(n.data?.requestId as number),
    );
    expect([...new Set(sent.map((n) => n.kind))].sort()).toEqual([
      'request.accepted',
      'request.closed',
      'request.dispatched',
      'request.extension_decided',
      'request.extension_requested',
      'request.merged',
      'request.progress',
      'request.reassigned',
      'request.rejected',
      'request.reopened',
      'request.resolved',
      'request.returned',
      'request.submitted',
      'request.taken',
      'request.transferred',
    ]);
    for (const n of sent) {
      const en = n.data?.en as { title: string; body: string } | undefined;
      // English starts in English, whatever Chinese the request's own title or a note brings with it.
      expect(en?.title, `${n.kind}: ${n.title}`).toMatch(/^[A-Z][a-z]/);
      expect(en!.title).not.toBe(n.title);
      expect(en!.body === '', `${n.kind}: body ${n.body}`).toBe(n.body === '');
    }
  });
});
