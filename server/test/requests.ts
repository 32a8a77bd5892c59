import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../src/db/client.js';
import type { Polygon } from '../src/db/schema/org.js';
import type { RequestStatus } from '../src/db/schema/requests.js';
import { insertOrgNode, updateOrgNode } from '../src/modules/org/org.repo.js';
import { applyCounterDelta, CounterDelta } from '../src/modules/requests/core/counters.js';
import { allocateRequestIds, insertRequest, type NewRequestRow, type RequestRow } from '../src/modules/requests/core/repo.js';
import { requestNumber } from '../src/modules/requests/intake/service.js';
import { bearer, loginAs, type TestApp } from './app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from './factories.js';

/**
 * A requests world for one test file: the factories' tree (community A 保利-like with grids A1, A2; community B
 * 草原-like with grid B1) with grid polygons, a department under the town, and one signed-in person per role.
 */
export const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** Points inside each grid. */
export const POINT = { gridA1: [109.8815, 40.651], gridA2: [109.8851, 40.651], gridB1: [109.8901, 40.651] } as const;

export const PEOPLE = [
  'residentA',
  'residentA2',
  'residentB',
  'gridA1',
  'gridA2',
  'gridB1',
  'staffA',
  'secA',
  'staffB',
  'town',
  'county',
  'dept',
  'leader',
  'rider',
] as const;
export type Person = (typeof PEOPLE)[number];

export async function requestWorld(t: TestApp, tag: string) {
  const db = t.database.db;
  const tree = await createOrgTree(db, tag);
  const now = t.clock.now();
  await updateOrgNode(db, tree.gridA1.id, { polygon: rect(109.88, 40.65, 109.8836, 40.6527) }, now);
  await updateOrgNode(db, tree.gridA2.id, { polygon: rect(109.8836, 40.65, 109.8872, 40.6527) }, now);
  await updateOrgNode(db, tree.gridB1.id, { polygon: rect(109.8872, 40.65, 109.8908, 40.6527) }, now);
  const department = await insertOrgNode(db, {
    parentId: tree.town.id,
    kind: 'department',
    subkind: 'department',
    name: `${tag}街道城管办`,
  });
  const roles: Record<Person, { role: string; node: { id: number }; mobile?: string; name?: string }> = {
    residentA: { role: 'resident', node: tree.gridA1, mobile: '13800138001', name: '张三' },
    residentA2: { role: 'resident', node: tree.gridA1, mobile: '13800138002', name: '李四' },
    residentB: { role: 'resident', node: tree.gridB1, mobile: '13800138003', name: '王五' },
    gridA1: { role: 'grid_worker', node: tree.gridA1, name: '网格员甲' },
    gridA2: { role: 'grid_worker', node: tree.gridA2, name: '网格员乙' },
    gridB1: { role: 'grid_worker', node: tree.gridB1, name: '网格员丙' },
    staffA: { role: 'community_staff', node: tree.communityA, name: '社工A' },
    secA: { role: 'community_secretary', node: tree.communityA, name: '书记A' },
    staffB: { role: 'community_staff', node: tree.communityB, name: '社工B' },
    town: { role: 'town_admin', node: tree.town, name: '街道管理员' },
    county: { role: 'county_admin', node: tree.county, name: '区管理员' },
    dept: { role: 'department_handler', node: department, name: '城管办小刘' },
    leader: { role: 'building_leader', node: tree.buildingA1, name: '楼栋长老赵' },
    rider: { role: 'mobile_grid_worker', node: tree.town, name: '外卖小哥' },
  };
  const id = {} as Record<Person, number>;
  const token = {} as Record<Person, string>;
  for (const person of PEOPLE) {
    const r = roles[person];
    const username = `${tag.toLowerCase()}_${person}`;
    const user = await createUser(db, {
      username,
      homeNodeId: r.node.id,
      displayName: r.name ?? person,
      ...(r.mobile ? { mobile: r.mobile } : {}),
      roles: [{ role: r.role, orgNodeId: r.node.id }],
    });
    id[person] = user.id;
    token[person] = await loginAs(t.app, username, TEST_PASSWORD);
  }
  const api = (
    who: Person | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    lang = 'zh',
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who ? bearer(token[who]) : {}), 'accept-language': lang },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  /** Sessions last 12 hours: after moving the clock further, sign in again. */
  const relogin = async (...who: Person[]) => {
    for (const person of who.length ? who : PEOPLE) token[person] = await loginAs(t.app, `${tag.toLowerCase()}_${person}`, TEST_PASSWORD);
  };
  return { tree, department, id, token, api, relogin };
}

export type World = Awaited<ReturnType<typeof requestWorld>>;

const HOUR = 3_600_000;

/**
 * A request put straight into a state, with the columns that state implies, and its counts added — for tests
 * that need many requests in given states without walking each through the workflow.
 */
export async function requestInState(
  db: Db,
  status: RequestStatus,
  r: Partial<Omit<NewRequestRow, 'id' | 'number'>> & { orgNodeId: number; receivedAt: Date },
): Promise<RequestRow> {
  const [id] = await allocateRequestIds(db, 1);
  const base: Omit<NewRequestRow, 'id' | 'number' | 'orgNodeId' | 'receivedAt'> = {
    channel: 'resident',
    priority: 'ordinary',
    status,
    title: '测试诉求',
    content: '楼下路灯不亮了',
    responseDueAt: new Date(r.receivedAt.getTime() + 24 * HOUR),
    resolutionDueAt: new Date(r.receivedAt.getTime() + 7 * 24 * HOUR),
    nextEscalationAt: new Date(r.receivedAt.getTime() + 7 * 24 * HOUR),
    reminderAt: new Date(r.receivedAt.getTime() + 6 * 24 * HOUR),
    limitClock: 'working',
    createdAt: r.receivedAt,
    updatedAt: r.receivedAt,
  };
  const implied: Partial<NewRequestRow> = {};
  if (status !== 'submitted') implied.respondedAt = new Date(r.receivedAt.getTime() + HOUR);
  if (status === 'resolved' || status === 'closed') {
    implied.resolvedAt = new Date(r.receivedAt.getTime() + 2 * HOUR);
    implied.followUpDueAt = new Date(r.receivedAt.getTime() + 5 * 24 * HOUR);
  }
  if (status === 'closed') implied.closeReason = 'followed_up';
  const row = await insertRequest(db, { ...base, ...implied, ...r, id: id!, number: requestNumber(id!, r.receivedAt) });
  await applyCounterDelta(db, new CounterDelta().change(null, row));
  return row;
}
