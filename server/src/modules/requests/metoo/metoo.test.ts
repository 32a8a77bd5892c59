import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestCategories, requestMeToo, requests } from '../../../db/schema/requests.js';
import { createTestApp, errorCode, loginAs, bearer, type TestApp } from '../../../../test/app.js';
import { createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { requestInState, requestWorld, type World } from '../../../../test/requests.js';

let t: TestApp;
let w: World;
const at = (s: string) => new Date(`${s}+08:00`);
let open: { id: number };
let closed: { id: number };
let similar: { id: number };
let lightsId: number;
let personal: { id: number };

const meToo = (token: string, id: number, method: 'POST' | 'DELETE' = 'POST') =>
  t.app.inject({ method, url: `/api/v1/requests/${id}/me-too`, headers: bearer(token) });

async function stored(id: number) {
  const [row] = await t.database.db.select({ n: requests.meTooCount }).from(requests).where(eq(requests.id, id));
  const rows = await t.database.db.select().from(requestMeToo).where(eq(requestMeToo.requestId, id));
  return { counter: row!.n, rows: rows.length };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  w = await requestWorld(t, 'M');
  const db = t.database.db;
  // The default tree's categories (seeded when the app starts): a street light is everyone's, medical insurance one person's.
  const code = async (c: string) => (await db.select().from(requestCategories).where(eq(requestCategories.code, c)))[0]!;
  const lights = await code('light_out');
  lightsId = lights.id;
  personal = await requestInState(db, 'accepted', {
    orgNodeId: w.tree.gridA1.id,
    receivedAt: at('2026-03-09T11:00:00'),
    categoryId: (await code('medical_insurance')).id,
    buildingNodeId: w.tree.buildingA1.id,
  });
  open = await requestInState(db, 'dispatched', {
    orgNodeId: w.tree.gridA1.id,
    receivedAt: at('2026-03-09T10:00:00'),
    reporterUserId: w.id.residentA,
    reporterName: '张三',
    categoryId: lights.id,
    buildingNodeId: w.tree.buildingA1.id,
    title: '1号楼门前路灯不亮',
    content: '1号楼门前路灯不亮，晚上很黑',
    address: '1号楼2单元301',
  });
  similar = open;
  closed = await requestInState(db, 'closed', { orgNodeId: w.tree.gridA1.id, receivedAt: at('2026-03-01T10:00:00'), categoryId: lights.id });
  await requestInState(db, 'submitted', { orgNodeId: w.tree.gridB1.id, receivedAt: at('2026-03-09T10:00:00'), categoryId: lights.id });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('nearby open problems', () => {
  it('shows a neighbour the open problems of their community without who reported them', async () => {
    const res = await w.api('residentA2', 'GET', '/requests/nearby');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { community: { id: number }; items: Record<string, unknown>[] };
    expect(body.community.id).toBe(w.tree.communityA.id);
    expect(body.items.map((i) => i.id)).toEqual([open.id]);
    const item = body.items[0]!;
    expect(item).toMatchObject({ place: '1号楼', status: 'dispatched', meTooCount: 0, meToo: false, mine: false, category: { name: '路灯不亮' } });
    expect(JSON.stringify(item)).not.toMatch(/张三|301|晚上很黑/);
    const own = (await w.api('residentA', 'GET', '/requests/nearby')).json() as { items: { mine: boolean }[] };
    expect(own.items[0]!.mine).toBe(true);
    const other = (await w.api('residentB', 'GET', '/requests/nearby')).json() as { items: { id: number }[] };
    expect(other.items.map((i) => i.id)).not.toContain(open.id);
  });

  it('finds a similar open problem for the report page', async () => {
    const q = `categoryId=${lightsId}&buildingNodeId=${w.tree.buildingA1.id}&text=${encodeURIComponent('门前的路灯不亮了')}`;
    const body = (await w.api('residentA2', 'GET', `/requests/nearby?${q}`)).json() as { items: { id: number; similarity: number }[] };
    expect(body.items.map((i) => i.id)).toEqual([similar.id]);
    expect(body.items[0]!.similarity).toBeGreaterThan(0);
    const unrelated = `categoryId=${lightsId}&buildingNodeId=${w.tree.buildingA1.id}&text=${encodeURIComponent('垃圾桶满了没人清运')}`;
    expect(((await w.api('residentA2', 'GET', `/requests/nearby?${unrelated}`)).json() as { items: unknown[] }).items).toEqual([]);
  });
});

describe('me too', () => {
  it('counts once per resident, and the dispatcher sees the count', async () => {
    const first = await meToo(w.token.residentA2, open.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: open.id, meTooCount: 1, meToo: true });
    const again = await meToo(w.token.residentA2, open.id);
    expect(again.json()).toEqual({ id: open.id, meTooCount: 1, meToo: true });
    expect(await stored(open.id)).toEqual({ counter: 1, rows: 1 });
    const detail = await w.api('staffA', 'GET', `/requests/${open.id}`);
    expect((detail.json() as { meTooCount: number }).meTooCount).toBe(1);
    const nearby = (await w.api('residentA2', 'GET', '/requests/nearby')).json() as { items: { meToo: boolean; meTooCount: number }[] };
    expect(nearby.items[0]).toMatchObject({ meToo: true, meTooCount: 1 });
  });

  it('gives one when the same resident taps twice at once', async () => {
    const user = await createUser(t.database.db, { username: 'm_double', homeNodeId: w.tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: w.tree.gridA1.id }] });
    const token = await loginAs(t.app, 'm_double', TEST_PASSWORD);
    const before = (await stored(open.id)).counter;
    const answers = await Promise.all([meToo(token, open.id), meToo(token, open.id), meToo(token, open.id)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(await stored(open.id)).toEqual({ counter: before + 1, rows: before + 1 });
    const back = await meToo(token, open.id, 'DELETE');
    expect(back.json()).toEqual({ id: open.id, meTooCount: before, meToo: false });
    expect((await meToo(token, open.id, 'DELETE')).json()).toEqual({ id: open.id, meTooCount: before, meToo: false });
    expect(await stored(open.id)).toEqual({ counter: before, rows: before });
    expect(user.id).toBeGreaterThan(0);
  });

  it('refuses the reporter, closed requests and people outside the community', async () => {
    expect(errorCode(await meToo(w.token.residentA, open.id))).toBe('me_too_own_request');
    expect(errorCode(await meToo(w.token.residentA2, closed.id))).toBe('me_too_closed');
    expect(errorCode(await meToo(w.token.residentB, open.id))).toBe('not_found');
    expect(errorCode(await meToo(w.token.county, open.id))).toBe('forbidden');
    expect(errorCode(await meToo(w.token.residentA2, 999_999))).toBe('not_found');
    // One person's own affairs are not shown to neighbours, nor open to "me too" (staff who see it: 403).
    expect(errorCode(await meToo(w.token.residentA2, personal.id))).toBe('not_found');
    expect(errorCode(await meToo(w.token.staffA, personal.id))).toBe('forbidden');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/requests/${open.id}/me-too` })).statusCode).toBe(401);
  });

  it('lets the inbox sort by it', async () => {
    const quiet = await requestInState(t.database.db, 'submitted', { orgNodeId: w.tree.gridA2.id, receivedAt: at('2026-03-01T08:00:00'), categoryId: lightsId });
    const loud = await requestInState(t.database.db, 'submitted', { orgNodeId: w.tree.gridA2.id, receivedAt: at('2026-03-08T08:00:00'), categoryId: lightsId });
    expect((await meToo(w.token.residentA2, loud.id)).statusCode).toBe(200);
    const byAge = (await w.api('staffA', 'GET', `/requests/inbox?nodeId=${w.tree.communityA.id}`)).json() as { items: { id: number }[] };
    expect(byAge.items.map((i) => i.id)).toEqual([quiet.id, loud.id, personal.id]);
    const byMeToo = (await w.api('staffA', 'GET', `/requests/inbox?nodeId=${w.tree.communityA.id}&sort=me_too`)).json() as {
      items: { id: number; meTooCount: number }[];
    };
    expect(byMeToo.items.map((i) => [i.id, i.meTooCount])).toEqual([
      [loud.id, 1],
      [quiet.id, 0],
      [personal.id, 0],
    ]);
  });
});
