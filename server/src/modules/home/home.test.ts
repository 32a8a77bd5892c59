import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { requestInState, requestWorld, type Person, type World } from '../../../test/requests.js';
import { caller } from '../../../test/rooms.js';
import { insertOrgNode } from '../org/org.repo.js';
import { insertServiceCenter } from '../org/serviceCenter.repo.js';

let t: TestApp;
let w: World;
let communityC: { id: number };
const at = (s: string) => new Date(`${s}+08:00`);

interface LedgerLink {
  nodeId: number;
  status: string[];
  overdue?: boolean;
  escalated?: boolean;
  dueOn?: string;
  sort: string;
}
interface Counted {
  count: number;
  ledger: LedgerLink;
}
interface Rates {
  received: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

/** The ledger's query string for a link's filter, as the console sends it. */
function ledgerQuery(link: LedgerLink): string {
  const parts: string[] = [`nodeId=${link.nodeId}`, `sort=${link.sort}`, 'limit=1'];
  for (const s of link.status) parts.push(`status=${s}`);
  if (link.overdue !== undefined) parts.push(`overdue=${link.overdue}`);
  if (link.escalated !== undefined) parts.push(`escalated=${link.escalated}`);
  if (link.dueOn) parts.push(`dueOn=${link.dueOn}`);
  return parts.join('&');
}

async function ledgerTotal(who: Person, link: LedgerLink): Promise<number> {
  const res = await w.api(who, 'GET', `/requests/ledger?${ledgerQuery(link)}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { total: number }).total;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  w = await requestWorld(t, 'H');
  const db = t.database.db;
  const { tree } = w;
  communityC = await insertOrgNode(db, { parentId: w.tree.town.id, kind: 'community', name: 'H空社区' });
  // Community A: one of each thing the desk counts, and last month's work for the rates.
  await requestInState(db, 'submitted', { orgNodeId: tree.gridA1.id, receivedAt: at('2026-03-09T10:00:00'), reporterUserId: w.id.residentA });
  await requestInState(db, 'accepted', { orgNodeId: tree.gridA2.id, receivedAt: at('2026-03-09T11:00:00') });
  await requestInState(db, 'dispatched', {
    orgNodeId: tree.gridA1.id,
    receivedAt: at('2026-03-02T09:00:00'),
    resolutionDueAt: at('2026-03-09T17:30:00'),
    escalatedAt: at('2026-03-09T17:31:00'),
    assigneeUserId: w.id.gridA1,
  });
  await requestInState(db, 'in_progress', {
    orgNodeId: tree.gridA1.id,
    receivedAt: at('2026-03-04T09:00:00'),
    resolutionDueAt: at('2026-03-10T17:30:00'),
    assigneeUserId: w.id.gridA1,
  });
  // Resolved late: overdue in the ledger's sense, but not open, so on no home page.
  await requestInState(db, 'resolved', { orgNodeId: tree.gridA1.id, receivedAt: at('2026-02-20T09:00:00'), resolutionDueAt: at('2026-02-21T09:00:00') });
  await requestInState(db, 'closed', { orgNodeId: tree.gridA2.id, receivedAt: at('2026-02-12T09:00:00') });
  // Community B: one open request, not responded and past both deadlines.
  await requestInState(db, 'submitted', { orgNodeId: tree.gridB1.id, receivedAt: at('2026-03-02T09:00:00'), resolutionDueAt: at('2026-03-05T17:30:00') });

  const center = await insertServiceCenter(db, {
    orgNodeId: tree.communityA.id,
    kind: 'center',
    name: 'H保利社区党群服务中心',
    phone: '0472-5123456',
    address: '青山路 1 号',
    lng: null,
    lat: null,
    createdAt: t.clock.now(),
  });
  const staff = caller(t, w.id.staffA, w.token.staffA);
  const hall = await staff.post(`/rooms/centers/${center.id}/schedules`, {
    name: '服务大厅',
    purpose: 'hall',
    rules: [
      { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '12:00' },
      { weekdays: [1, 2, 3, 4, 5], opens: '13:30', closes: '18:30' },
    ],
  });
  expect(hall.statusCode).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the community staff desk', () => {
  it('counts what the inbox and the ledger list, with the filter to open them', async () => {
    const res = await w.api('staffA', 'GET', `/home/desk?nodeId=${w.tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const desk = res.json() as {
      today: string;
      inbox: { submitted: number; accepted: number };
      overdue: Counted;
      dueToday: Counted;
      bookingsPending: { centerName: string; count: number }[] | null;
    };
    expect(desk.today).toBe('2026-03-10');
    expect(desk.inbox).toEqual({ submitted: 1, accepted: 1 });
    for (const status of ['submitted', 'accepted'] as const) {
      const inbox = await w.api('staffA', 'GET', `/requests/inbox?nodeId=${w.tree.communityA.id}&status=${status}`);
      expect((inbox.json() as { total: number }).total).toBe(desk.inbox[status]);
    }
    expect(desk.overdue.count).toBe(1);
    expect(desk.dueToday.count).toBe(1);
    expect(desk.dueToday.ledger.dueOn).toBe('2026-03-10');
    expect(await ledgerTotal('staffA', desk.overdue.ledger)).toBe(desk.overdue.count);
    expect(await ledgerTotal('staffA', desk.dueToday.ledger)).toBe(desk.dueToday.count);
    expect(desk.bookingsPending).toEqual([{ centerId: expect.any(Number), centerName: 'H保利社区党群服务中心', count: 0 }]);
  });

  it('is 404 outside the caller’s reach and 403 without dispatching there', async () => {
    expect(errorCode(await w.api('staffB', 'GET', `/home/desk?nodeId=${w.tree.communityA.id}`))).toBe('not_found');
    expect(errorCode(await w.api('gridA1', 'GET', `/home/desk?nodeId=${w.tree.gridA1.id}`))).toBe('forbidden');
    expect((await w.api(null, 'GET', `/home/desk?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(401);
  });
});

describe('the town and district overview', () => {
  interface Row {
    node: { id: number; name: string };
    rank: number;
    overdue: Counted;
    escalated: Counted;
    current: Rates;
    previous: Rates;
  }
  const overview = async (who: Person, nodeId: number, rankBy = 'responseRate') => {
    const res = await w.api(who, 'GET', `/home/overview?nodeId=${nodeId}&rankBy=${rankBy}`);
    return { res, body: res.json() as { months: { current: string; previous: string }; totals: { current: Rates; previous: Rates }; communities: Row[]; truncated: boolean } };
  };

  it('lists every community, with overdue and escalated counts equal to the ledger they link to', async () => {
    const { res, body } = await overview('county', w.tree.county.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(body.months).toEqual({ current: '2026-03', previous: '2026-02' });
    expect(body.truncated).toBe(false);
    const byId = new Map(body.communities.map((c) => [c.node.id, c]));
    expect([...byId.keys()].sort()).toEqual([w.tree.communityA.id, w.tree.communityB.id, communityC.id].sort());
    expect(byId.get(w.tree.communityA.id)!.overdue.count).toBe(1);
    expect(byId.get(w.tree.communityA.id)!.escalated.count).toBe(1);
    expect(byId.get(w.tree.communityB.id)!.overdue.count).toBe(1);
    expect(byId.get(communityC.id)!.overdue.count).toBe(0);
    for (const row of body.communities) {
      expect(row.overdue.ledger.nodeId).toBe(row.node.id);
      expect(await ledgerTotal('county', row.overdue.ledger)).toBe(row.overdue.count);
      expect(await ledgerTotal('county', row.escalated.ledger)).toBe(row.escalated.count);
    }
  });

  it('gives each community the rates the rates page gives it, ranked, communities without a rate last', async () => {
    const { body } = await overview('town', w.tree.town.id);
    expect(body.communities.map((c) => c.node.id)).toEqual([w.tree.communityA.id, w.tree.communityB.id, communityC.id]);
    expect(body.communities.map((c) => c.rank)).toEqual([1, 2, 3]);
    for (const row of body.communities) {
      for (const [month, key] of [['2026-03', 'current'], ['2026-02', 'previous']] as const) {
        const res = await w.api('town', 'GET', `/requests/rates?nodeId=${row.node.id}&from=${month}&to=${month}`);
        const totals = (res.json() as { totals: Rates }).totals;
        expect(row[key]).toMatchObject({
          received: totals.received,
          responseRate: totals.responseRate,
          resolutionRate: totals.resolutionRate,
          satisfactionRate: totals.satisfactionRate,
        });
      }
    }
    expect(body.communities[2]!.current.responseRate).toBeNull();
    const town = await w.api('town', 'GET', `/requests/rates?nodeId=${w.tree.town.id}&from=2026-03&to=2026-03`);
    expect(body.totals.current.responseRate).toBe((town.json() as { totals: Rates }).totals.responseRate);
  });

  it('is 404 above the caller and 403 without reading requests', async () => {
    expect(errorCode((await overview('staffA', w.tree.town.id)).res)).toBe('not_found');
    expect(errorCode((await overview('residentA', w.tree.gridA1.id)).res)).toBe('forbidden');
  });
});

describe('the phone home', () => {
  it('shows a resident their open requests, the community’s phone and today’s service-hall hours', async () => {
    const res = await w.api('residentA', 'GET', '/home/mine');
    expect(res.statusCode).toBe(200);
    const home = res.json() as {
      community: { name: string } | null;
      center: { phone: string | null } | null;
      hallToday: { open: boolean; hours: { opens: string; closes: string }[] } | null;
      requests: { total: number; items: { status: string }[] };
      tasks: unknown;
    };
    expect(home.community?.name).toBe('H保利社区');
    expect(home.center?.phone).toBe('0472-5123456');
    expect(home.hallToday).toMatchObject({ open: true, hours: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:30' }] });
    expect(home.requests.total).toBe(1);
    const mine = await w.api('residentA', 'GET', '/requests/mine?status=submitted&status=accepted&status=dispatched&status=in_progress');
    expect((mine.json() as { total: number }).total).toBe(home.requests.total);
    expect(home.tasks).toBeNull();
  });

  it('gives a grid worker their tasks, soonest deadline first', async () => {
    const home = (await w.api('gridA1', 'GET', '/home/mine')).json() as { tasks: { total: number; items: { deadlines: unknown; resolutionDueAt?: string }[] } };
    const tasks = (await w.api('gridA1', 'GET', '/requests/tasks')).json() as { total: number };
    expect(home.tasks.total).toBe(2);
    expect(home.tasks.total).toBe(tasks.total);
  });

  it('lets community staff keep the center’s phone right, and nothing else of it', async () => {
    const centers = (await w.api('staffA', 'GET', `/org-nodes/${w.tree.communityA.id}/service-centers`)).json() as { items: { id: number }[] };
    const id = centers.items[0]!.id;
    const res = await w.api('staffA', 'PATCH', `/service-centers/${id}`, { phone: '0472-5999999' });
    expect(res.statusCode).toBe(200);
    expect(((await w.api('residentA', 'GET', '/home/mine')).json() as { center: { phone: string } }).center.phone).toBe('0472-5999999');
    expect(errorCode(await w.api('staffA', 'PATCH', `/service-centers/${id}`, { name: '改名' }))).toBe('forbidden');
    expect(errorCode(await w.api('staffB', 'PATCH', `/service-centers/${id}`, { phone: '0472-5000000' }))).toBe('not_found');
    // A resident's reach ends at their grid: the community's center is not theirs to see as an object.
    expect(errorCode(await w.api('residentA', 'PATCH', `/service-centers/${id}`, { phone: '0472-5000000' }))).toBe('not_found');
    expect(errorCode(await w.api('gridA1', 'PATCH', `/service-centers/${id}`, { phone: '0472-5000000' }))).toBe('not_found');
  });

  it('has no center for a community without one', async () => {
    const home = (await w.api('residentB', 'GET', '/home/mine')).json() as { community: { name: string }; center: null; hallToday: null };
    expect(home.community.name).toBe('H草原社区');
    expect(home.center).toBeNull();
    expect(home.hallToday).toBeNull();
  });
});
