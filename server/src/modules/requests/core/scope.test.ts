import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../../../test/app.js';
import { uploadPhoto } from '../../../../test/files.js';
import { POINT, requestWorld, type Person, type World } from '../../../../test/requests.js';
import { JOB_NAMES } from '../deadlines/jobs.js';

/**
 * Scope: a grid worker of 保利社区 (community A) never sees a request of 草原社区 (community B) — not in any list,
 * not by id, not through any step — and the same holds the other way round and between sibling grids.
 */
let t: TestApp;
let w: World;
let grassland = 0;
let poly = 0;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await requestWorld(t, 'Sc');
  grassland = (
    await w.api('residentB', 'POST', '/requests', { content: '草原社区路灯不亮', location: { lng: POINT.gridB1[0], lat: POINT.gridB1[1] } })
  ).json().id;
  poly = (
    await w.api('residentA', 'POST', '/requests', {
      content: '保利社区下水道堵塞',
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    })
  ).json().id;
  await w.api('staffB', 'POST', `/requests/${grassland}/dispatch`, { assigneeUserId: w.id.gridB1 });
  await w.api('staffA', 'POST', `/requests/${poly}/dispatch`, { assigneeUserId: w.id.gridA1 });
  // Both overdue and escalated, so they appear on every board there is.
  t.clock.set('2026-03-20T09:00:00+08:00');
  await t.app.ctx.jobs.run(JOB_NAMES.escalations);
  await w.relogin();
});
afterAll(() => t.close());

const LISTS = ['/requests/mine', '/requests/tasks', '/requests/inbox?status=dispatched', '/requests/overdue', '/requests/escalated'];

async function everything(who: Person): Promise<number[]> {
  const ids = new Set<number>();
  for (const url of LISTS) {
    const res = await w.api(who, 'GET', url);
    expect(res.statusCode, `${who} ${url}`).toBe(200);
    for (const item of res.json().items) ids.add(item.id);
  }
  return [...ids];
}

describe('a 保利社区 grid worker and a 草原社区 request', () => {
  it('never appears in any of their lists', async () => {
    const seen = await everything('gridA1');
    expect(seen).toContain(poly);
    expect(seen).not.toContain(grassland);
  });

  it('is 404 by id, for its contact details, its dispatch targets and every step', async () => {
    expect((await w.api('gridA1', 'GET', `/requests/${grassland}`)).statusCode).toBe(404);
    expect((await w.api('gridA1', 'POST', `/requests/${grassland}/contact`, { reason: '看看' })).statusCode).toBe(404);
    expect((await w.api('gridA1', 'GET', `/requests/${grassland}/dispatch-targets`)).statusCode).toBe(404);
    for (const [path, body] of [
      ['take', {}],
      ['progress', { note: 'x' }],
      ['resolve', { note: 'x' }],
      ['return', { reason: 'x' }],
      ['follow-up', { solved: true, satisfaction: 'satisfied' }],
      ['extension', { extraWorkingDays: 1, reason: 'x' }],
    ] as const) {
      const res = await w.api('gridA1', 'POST', `/requests/${grassland}/${path}`, body);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('is equally invisible to community A’s staff, and A’s request to community B', async () => {
    expect(await everything('staffA')).not.toContain(grassland);
    expect(await everything('staffB')).not.toContain(poly);
    expect((await w.api('staffA', 'GET', `/requests/${grassland}`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/requests/${grassland}/dispatch`, { assigneeUserId: w.id.gridA1 })).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/requests/${poly}/merge`, { intoRequestId: grassland })).statusCode).toBe(404);
  });

  it('a sibling grid’s worker and another resident do not see it either; the street sees both', async () => {
    expect(await everything('gridA2')).not.toContain(poly);
    expect((await w.api('gridA2', 'GET', `/requests/${poly}`)).statusCode).toBe(404);
    expect((await w.api('residentA2', 'GET', `/requests/${poly}`)).statusCode).toBe(404);
    expect(await everything('residentA2')).toEqual([]);
    expect(await everything('town')).toEqual(expect.arrayContaining([poly, grassland]));
  });

  it('a request’s photos follow the request: its reporter and handlers see them, a neighbour with the id does not', async () => {
    const photo = await uploadPhoto(t.app, w.token.residentA);
    const filed = await w.api('residentA', 'POST', '/requests', {
      content: '楼道灯坏了，附照片',
      photoIds: [photo.id],
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const read = (who: Person, url = photo.url) => t.app.inject({ method: 'GET', url, headers: bearer(w.token[who]) });
    for (const who of ['residentA', 'staffA', 'town'] as const) expect((await read(who)).statusCode, who).toBe(200);
    for (const who of ['residentA2', 'gridA2', 'staffB', 'residentB'] as const) {
      expect((await read(who)).statusCode, who).toBe(404);
      expect((await read(who, photo.thumbUrl)).statusCode, who).toBe(404);
    }
    // Nor can anyone else put it on their own request, or the reporter reuse it on another.
    const taken = await w.api('residentA2', 'POST', '/requests', { content: '同样的问题', photoIds: [photo.id], location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] } });
    expect(taken.json().error.code).toBe('photo_unknown');
    const again = await w.api('residentA', 'POST', '/requests', { content: '另一个问题', photoIds: [photo.id], location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] } });
    expect(again.json().error.code).toBe('photo_unknown');
  });

  it('staff cannot dispatch to a worker of another community, nor transfer out of reach', async () => {
    const res = await w.api('staffA', 'POST', `/requests/${poly}/dispatch`, { assigneeUserId: w.id.gridB1 });
    expect(res.statusCode).toBe(400);
    // Someone of another community is answered like nobody at all: the refusal names no one.
    expect(res.json().error.code).toBe('assignee_invalid');
    const nobody = (await w.api('staffA', 'POST', `/requests/${poly}/dispatch`, { assigneeUserId: 2_000_000_000 })).json();
    expect(res.json().error.messages).toEqual(nobody.error.messages);
    const out = await w.api('staffA', 'POST', `/requests/${poly}/transfer`, { targetNodeId: w.tree.gridB1.id, note: '转草原' });
    expect(out.json().error.code).toBe('transfer_target_out_of_reach');
    // Sending it up to the street is always possible; the street then routes it.
    const up = await w.api('staffA', 'POST', `/requests/${poly}/transfer`, { targetNodeId: w.tree.town.id, note: '跨社区，请街道协调' });
    expect(up.json()).toMatchObject({ status: 'submitted', node: { id: w.tree.town.id }, allowedActions: [] });
    expect((await w.api('staffA', 'GET', `/requests/${poly}`)).statusCode).toBe(404);
    expect((await w.api('town', 'GET', '/requests/inbox')).json().items.map((i: { id: number }) => i.id)).toContain(poly);
  });
});
