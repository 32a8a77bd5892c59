import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';
import { users } from '../../db/schema/users.js';
import { outboxDispatcherOf } from './notifications.dispatcher.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'M');
  await createUser(db, { username: 'sec.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'grid.a1', homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  await createUser(db, { username: 'res.a1', homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.unitA1.id }] });
  await createUser(db, { username: 'res.b1', homeNodeId: tree.gridB1.id, roles: [{ role: 'resident', orgNodeId: tree.gridB1.id }] });
  const gone = await createUser(db, { username: 'res.gone', homeNodeId: tree.gridA2.id, roles: [{ role: 'resident', orgNodeId: tree.gridA2.id }] });
  await db.update(users).set({ disabled: true }).where(eq(users.id, gone.id));
  for (const name of ['sec.a', 'grid.a1', 'res.a1', 'res.b1']) tokens[name] = await loginAs(t.app, name, TEST_PASSWORD);
});
afterAll(() => t.close());

const send = (as: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/notifications', headers: bearer(tokens[as]!), payload });
const inboxOf = async (as: string, query = '') => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers: bearer(tokens[as]!) });
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { id: number; title: string; kind: string; readAt: string | null }[]; total: number; unread: number };
};

describe('announcements', () => {
  it('reach every active user filed under the node, and nobody outside it', async () => {
    const res = await send('sec.a', { nodeId: tree.communityA.id, title: '停水通知', body: '周三 9:00–17:00 停水' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ recipients: 3 }); // sec.a, grid.a1, res.a1 — not the disabled account
    await outboxDispatcherOf(t.app.ctx).drain();
    const inbox = await inboxOf('res.a1');
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'announcement', title: '停水通知', body: '周三 9:00–17:00 停水', link: null, readAt: null })]);
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    expect((await inboxOf('res.b1')).total).toBe(0);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notification.send'), eq(auditLog.orgNodeId, tree.communityA.id)));
    expect(audit?.details).toEqual({ title: '停水通知', roles: null, recipients: 3 });
  });

  it('can be limited to roles held inside the subtree', async () => {
    const res = await send('sec.a', { nodeId: tree.communityA.id, title: '网格员例会', body: '', roles: ['grid_worker'] });
    expect(res.json()).toEqual({ recipients: 1 });
    await outboxDispatcherOf(t.app.ctx).drain();
    expect((await inboxOf('grid.a1')).items.map((i) => i.title)).toContain('网格员例会');
    expect((await inboxOf('res.a1')).items.map((i) => i.title)).not.toContain('网格员例会');
  });

  it('to a node outside the caller’s reach is 404, without the permission 403', async () => {
    const outside = await send('sec.a', { nodeId: tree.communityB.id, title: '越权', body: '' });
    expect(outside.statusCode).toBe(404);
    expect(errorCode(outside)).toBe('not_found');
    expect((await send('sec.a', { nodeId: 999_999, title: '不存在', body: '' })).statusCode).toBe(404);
    const noPermission = await send('grid.a1', { nodeId: tree.gridA1.id, title: '网格通知', body: '' });
    expect(noPermission.statusCode).toBe(403);
    expect(errorCode(noPermission)).toBe('forbidden');
    expect((await inboxOf('res.b1')).total).toBe(0);
  });

  it('refuses a blank title or an unknown role with a readable 400', async () => {
    const blank = await send('sec.a', { nodeId: tree.communityA.id, title: '   ', body: '' });
    expect(blank.statusCode).toBe(400);
    expect(errorCode(blank)).toBe('validation_failed');
    expect(blank.json().error.message).toContain('title');
    const role = await send('sec.a', { nodeId: tree.communityA.id, title: '通知', body: '', roles: ['mayor'] });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.message).toContain('roles');
  });
});

describe('inbox', () => {
  it('requires a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(res.statusCode).toBe(401);
  });

  it('pages newest first and filters unread', async () => {
    for (const title of ['一', '二', '三']) {
      t.clock.advanceMinutes(1);
      await send('sec.a', { nodeId: tree.gridA1.id, title, body: '' });
    }
    const page = await inboxOf('grid.a1', '?limit=2&offset=0');
    expect(page.items.map((i) => i.title)).toEqual(['三', '二']);
    expect(page.total).toBe(5); // with 停水通知 and 网格员例会 from above
    const rest = await inboxOf('grid.a1', '?limit=2&offset=2');
    expect(rest.items.map((i) => i.title)).toEqual(['一', '网格员例会']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/notifications?limit=500', headers: bearer(tokens['grid.a1']!) });
    expect(bad.statusCode).toBe(400);
  });

  it('marks one read — only my own — and then all', async () => {
    const [newest, second] = (await inboxOf('grid.a1')).items;
    const read = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${newest!.id}/read`, headers: bearer(tokens['grid.a1']!) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: newest!.id, readAt: t.clock.now().toISOString() });

    t.clock.advanceMinutes(5);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${newest!.id}/read`, headers: bearer(tokens['grid.a1']!) });
    expect(again.json().readAt).toBe(read.json().readAt); // the first reading time stays

    const theirs = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${second!.id}/read`, headers: bearer(tokens['res.a1']!) });
    expect(theirs.statusCode).toBe(404);
    expect(errorCode(theirs)).toBe('not_found');
    const unread = await inboxOf('grid.a1', '?unread=true');
    expect(unread.items.map((i) => i.id)).toContain(second!.id);
    expect(unread).toMatchObject({ total: 4, unread: 4 });

    const all = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: bearer(tokens['grid.a1']!) });
    expect(all.json()).toEqual({ updated: 4 });
    expect(await inboxOf('grid.a1', '?unread=true')).toMatchObject({ items: [], total: 0, unread: 0 });
    // res.a1's inbox is untouched by grid.a1's read-all
    expect((await inboxOf('res.a1')).unread).toBe(4); // 停水通知 and 一二三 (unit A1 lies under grid A1)
  });
});
