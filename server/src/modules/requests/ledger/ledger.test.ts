import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { insertCategoryRow, insertEventRow, insertRequestRow } from './fixtures.js';
import * as repo from './repo.js';
import { submitRequest } from '../intake/service.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const num: Record<string, string> = {};
const at = (s: string) => new Date(`${s}+08:00`);

interface Item {
  id: number;
  number: string;
  reporterName: string | null;
  reporterPhone: string | null;
  overdue: boolean;
  escalated: boolean;
  result: string | null;
  category: { name: string; nameEn: string; parentName: string | null; parentNameEn: string | null } | null;
  followUp: { solved: boolean | null; satisfaction: string | null; noReply: boolean } | null;
}

async function ledger(who: string, query = '') {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/requests/ledger${query}`, headers: bearer(token[who]!) });
  const body = res.statusCode === 200 ? (res.json() as { items: Item[]; total: number; totalCapped: boolean; nextCursor: string | null }) : null;
  return { res, body, numbers: body?.items.map((i) => i.number) ?? [] };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'L');
  const roads = await insertCategoryRow(db, { code: 'l_roads', name: '道路', nameEn: 'Roads', orgNodeId: tree.region.id });
  const pothole = await insertCategoryRow(db, { code: 'l_pothole', name: '坑洼', nameEn: 'Pothole', parentId: roads.id, orgNodeId: tree.region.id });
  const lights = await insertCategoryRow(db, { code: 'l_lights', name: '路灯', orgNodeId: tree.region.id });

  const r1 = await insertRequestRow(db, {
    orgNodeId: tree.gridA1.id,
    receivedAt: at('2026-03-02T09:00:00'),
    channel: 'hotline',
    categoryId: pothole.id,
    content: '小区门口路面坑洼，雨天积水',
    address: '保利小区3号楼',
    reporterName: '张三',
    reporterPhone: '13800138000',
    status: 'closed',
    closeReason: 'followed_up',
    resolvedAt: at('2026-03-04T15:00:00'),
    resolutionDueAt: at('2026-03-09T17:30:00'),
    followUpAt: at('2026-03-05T10:00:00'),
    followUpSolved: true,
    satisfaction: 'satisfied',
  });
  await insertEventRow(db, { requestId: r1.id, action: 'resolve', at: at('2026-03-04T15:00:00'), note: '已修补路面' });
  const r2 = await insertRequestRow(db, {
    orgNodeId: tree.gridA2.id,
    receivedAt: at('2026-03-03T10:00:00'),
    categoryId: lights.id,
    content: '楼下路灯坏了好几天',
    status: 'in_progress',
    resolutionDueAt: at('2026-03-06T17:30:00'),
    escalatedAt: at('2026-03-06T17:31:00'),
  });
  const r3 = await insertRequestRow(db, {
    orgNodeId: tree.gridB1.id,
    receivedAt: at('2026-03-02T11:00:00'),
    categoryId: lights.id,
    content: '草原社区路灯不亮',
    reporterName: '李四',
  });
  const r4 = await insertRequestRow(db, {
    orgNodeId: tree.communityA.id,
    receivedAt: at('2026-02-27T16:00:00'),
    channel: 'staff',
    content: '反映小区噪音问题',
    status: 'rejected',
  });
  await insertEventRow(db, { requestId: r4.id, action: 'reject', at: at('2026-02-28T09:00:00'), note: '重复反映' });
  Object.assign(num, { r1: r1.number, r2: r2.number, r3: r3.number, r4: r4.number });

  const people = {
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
    gridB: { homeNodeId: tree.gridB1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridB1.id }] },
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    resident: { homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.unitA1.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
  // Migrating a fresh database takes a while when the machine is busy.
}, 180_000);
afterAll(() => t.close());

describe('ledger list', () => {
  it('shows each caller the requests of their subtree, newest first, with reporter name and phone masked', async () => {
    const sec = await ledger('secA');
    expect(sec.res.statusCode).toBe(200);
    expect(sec.numbers).toEqual([num.r2, num.r1, num.r4]);
    expect(sec.body!.total).toBe(3);
    const r1 = sec.body!.items.find((i) => i.number === num.r1)!;
    expect(r1).toMatchObject({
      reporterName: '张*',
      reporterPhone: '138****8000',
      result: '已修补路面',
      overdue: false,
      category: { name: '坑洼', nameEn: 'Pothole', parentName: '道路', parentNameEn: 'Roads' },
      followUp: { solved: true, satisfaction: 'satisfied', noReply: false },
    });
    expect(JSON.stringify(sec.body)).not.toContain('13800138000');
    expect((await ledger('town')).numbers).toEqual([num.r2, num.r3, num.r1, num.r4]);
  });

  it('never gives a 保利社区 grid worker a 草原社区 row, and the other way round', async () => {
    expect((await ledger('gridA')).numbers).toEqual([num.r1]);
    expect((await ledger('gridB')).numbers).toEqual([num.r3]);
    expect((await ledger('gridA', '?q=草原')).numbers).toEqual([]);
    expect((await ledger('gridA', `?q=${num.r3}`)).numbers).toEqual([]);
    const outside = await ledger('gridA', `?nodeId=${tree.communityB.id}`);
    expect(outside.res.statusCode).toBe(404);
    const above = await ledger('gridA', `?nodeId=${tree.communityA.id}`);
    expect(above.res.statusCode).toBe(404);
  });

  it('refuses callers who may not read requests', async () => {
    const res = (await ledger('resident')).res;
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('forbidden');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/requests/ledger' })).statusCode).toBe(401);
  });

  it('filters by node, category with its children, status, channel, dates, overdue and escalation', async () => {
    const lights = (await t.database.db.query.requestCategories.findFirst({ where: (c, { eq }) => eq(c.code, 'l_lights') }))!;
    const roads = (await t.database.db.query.requestCategories.findFirst({ where: (c, { eq }) => eq(c.code, 'l_roads') }))!;
    expect((await ledger('town', `?categoryId=${roads.id}`)).numbers).toEqual([num.r1]);
    expect((await ledger('town', `?categoryId=${lights.id}`)).numbers).toEqual([num.r2, num.r3]);
    expect((await ledger('town', `?nodeId=${tree.communityA.id}`)).numbers).toEqual([num.r2, num.r1, num.r4]);
    expect((await ledger('town', `?nodeId=${tree.gridA2.id}`)).numbers).toEqual([num.r2]);
    expect((await ledger('town', '?status=closed&status=rejected')).numbers).toEqual([num.r1, num.r4]);
    expect((await ledger('town', '?channel=hotline')).numbers).toEqual([num.r1]);
    expect((await ledger('town', '?from=2026-03-02&to=2026-03-02')).numbers).toEqual([num.r3, num.r1]);
    expect((await ledger('town', '?to=2026-02-28')).numbers).toEqual([num.r4]);
    // r3 is still open past its deadline; r1 was resolved in time; r4 was rejected (never overdue).
    expect((await ledger('town', '?overdue=true')).numbers).toEqual([num.r2, num.r3]);
    expect((await ledger('town', '?overdue=false')).numbers).toEqual([num.r1, num.r4]);
    expect((await ledger('town', '?escalated=true')).numbers).toEqual([num.r2]);
    const r2 = (await ledger('town', '?escalated=true')).body!.items[0]!;
    expect(r2).toMatchObject({ overdue: true, escalated: true, result: null });
  });

  it('searches content, address and number', async () => {
    expect((await ledger('town', `?q=${encodeURIComponent('坑洼')}`)).numbers).toEqual([num.r1]);
    expect((await ledger('town', `?q=${encodeURIComponent('3号楼')}`)).numbers).toEqual([num.r1]);
    expect((await ledger('town', `?q=${encodeURIComponent('路灯')}`)).numbers).toEqual([num.r2, num.r3]);
    expect((await ledger('town', `?q=${num.r4!.toLowerCase()}`)).numbers).toEqual([num.r4]);
    expect((await ledger('town', `?q=${num.r1!.slice(0, 8)}`)).numbers).toEqual([num.r2, num.r3, num.r1]);
    expect((await ledger('town', '?q=100%25')).numbers).toEqual([]);
  });

  it('finds the reporter by the pinyin of their name: full, prefix and initials', async () => {
    const hotline = { system: true as const, name: '12345 热线导入', orgNodeId: tree.communityA.id };
    const filed = await submitRequest(t.app.ctx, hotline, {
      channel: 'hotline',
      content: '楼道灯不亮，晚上看不见',
      reporter: { name: '王小明', phone: '13900139000' },
      externalRef: 'PINYIN-1',
    });
    for (const q of ['wangxiaoming', 'wangxiao', 'WangXiao Ming', 'wxm', 'wx']) {
      expect((await ledger('secA', `?q=${encodeURIComponent(q)}`)).numbers, q).toEqual([filed.number]);
    }
    expect((await ledger('secA', '?q=xiaoming')).numbers).toEqual([]);
    expect((await ledger('gridB', '?q=wxm')).numbers).toEqual([]);
  });

  it('sorts by deadline and by status, and pages with a cursor without gaps or repeats', async () => {
    expect((await ledger('town', '?sort=deadline&nodeId=' + tree.town.id)).numbers.slice(0, 2)).toEqual([num.r4, num.r2]);
    const byStatus = (await ledger('town', '?sort=status&q=' + encodeURIComponent('路'))).numbers;
    expect(byStatus).toEqual([num.r3, num.r2, num.r1]);
    const all = (await ledger('town', '?limit=200')).numbers;
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await ledger('town', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body!.total).toBe(all.length);
      walked.push(...page.numbers);
      cursor = page.body!.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all);
    expect((await ledger('town', '?limit=2&offset=2')).numbers).toEqual(all.slice(2, 4));
    const reversed = await ledger('town', '?order=asc&limit=200');
    expect(reversed.numbers).toEqual([...all].reverse());
  });

  it('reads the same pages node by node as through received_at (the two plans for small and large subtrees)', async () => {
    const now = t.clock.now();
    const filters: repo.LedgerFilter[] = [
      { scopePaths: [tree.town.path], now },
      { scopePaths: [tree.communityA.path], now, statuses: ['in_progress', 'closed'] },
      { scopePaths: [tree.town.path], now, keyword: { text: '路灯', pinyin: null }, overdue: true },
      { scopePaths: [tree.region.path], nodePath: tree.communityA.path, now, from: at('2026-03-01T00:00:00') },
    ];
    for (const filter of filters) {
      for (const direction of ['desc', 'asc'] as const) {
        const order = { sort: 'received' as const, direction };
        const walk = async (perNode: boolean) => {
          const seen: number[] = [];
          let after: repo.LedgerPosition | undefined;
          for (;;) {
            const { rows, last } = await repo.ledgerPage(t.database.db, filter, order, { limit: 2, after, perNode });
            seen.push(...rows.map((r) => Number(r.id)));
            if (rows.length < 2 || !last) return seen;
            after = last;
          }
        };
        expect(await walk(true)).toEqual(await walk(false));
        const offsetPage = (perNode: boolean) => repo.ledgerPage(t.database.db, filter, order, { limit: 2, offset: 1, perNode });
        expect((await offsetPage(true)).rows.map((r) => r.id)).toEqual((await offsetPage(false)).rows.map((r) => r.id));
      }
      expect(await repo.countMatching(t.database.db, filter, 2)).toBe(Math.min(3, (await repo.ledgerPage(t.database.db, filter, { sort: 'received', direction: 'desc' }, { limit: 50 })).rows.length));
    }
  });

  it('answers bad input with a clear 400', async () => {
    const wrongSort = await ledger('town', `?sort=deadline&cursor=${(await ledger('town', '?limit=1')).body!.nextCursor}`);
    expect(errorCode(wrongSort.res)).toBe('invalid_cursor');
    expect(errorCode((await ledger('town', '?cursor=bm90LWpzb24')).res)).toBe('invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ s: 'received', d: 'desc', k: '2026-02-30 00:00:00+00', i: 1 })).toString('base64url');
    expect(errorCode((await ledger('town', `?cursor=${forged}`)).res)).toBe('invalid_cursor');
    expect(errorCode((await ledger('town', '?from=2026-03-05&to=2026-03-01')).res)).toBe('invalid_range');
    expect(errorCode((await ledger('town', '?categoryId=999999')).res)).toBe('category_not_found');
    const badStatus = await ledger('town', '?status=lost');
    expect(badStatus.res.statusCode).toBe(400);
    expect(badStatus.res.json().error.messages.zh).toContain('status');
    expect(errorCode((await ledger('town', '?offset=10001')).res)).toBe('validation_failed');
  });
});
