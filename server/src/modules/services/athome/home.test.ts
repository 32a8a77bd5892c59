import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestCategories, requests } from '../../../db/schema/requests.js';
import { persons } from '../../../db/schema/registry.js';
import { homeServiceRequests } from '../../../db/schema/services.js';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { addHousehold, addPerson } from '../../../../test/registryRows.js';
import { person, SETUP_TIMEOUT_MS, type Caller } from '../../../../test/rooms.js';
import { insertItem, servicesWorld } from '../../../../test/services.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let gridWorker: Caller;
let elder: number;
let atHomeItem: number;
let spotOnly: number;
let itemB: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'SH');
  const db = t.database.db;
  gridWorker = await person(t, 'SH.grid', w.tree.gridA1.id, [{ role: 'grid_worker', orgNodeId: w.tree.gridA1.id }], '网格员小刘');
  atHomeItem = await insertItem(db, w.tree.communityA.id, '高龄津贴申请', { modes: ['on_the_spot', 'at_home', 'on_behalf'], category: 'civil_affairs', timeLimitDays: 15 });
  spotOnly = await insertItem(db, w.tree.communityA.id, '居住证明开具', { modes: ['on_the_spot'] });
  itemB = await insertItem(db, w.tree.communityB.id, '草原社区独有事项', { modes: ['at_home'] });
  const h = await addHousehold(db, { nodeId: w.tree.unitA1.id, gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id, door: '302' }, t.clock.now());
  elder = (await addPerson(db, { name: '王秀珍', household: h }, t.clock.now())).id;
  await db.update(persons).set({ mobile: '13800001111', registeredAddress: '保利小区1号楼1单元302' }).where(eq(persons.id, elder));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await t?.close();
});

describe('home service', () => {
  it('a resident’s request becomes a request of the closed loop, with deadlines and the item tag', async () => {
    const res = await w.residentA.post('/services/home-requests', { itemId: atHomeItem, kind: 'at_home', content: '腿脚不便，请工作人员上门帮我办理高龄津贴', phone: '13900002222' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'submitted', kind: 'at_home', item: { id: atHomeItem, name: '高龄津贴申请', timeLimitDays: 15 }, title: '上门办：高龄津贴申请', mine: true });
    expect(new Date(body.resolutionDueAt).getTime()).toBeGreaterThan(new Date(body.receivedAt).getTime());
    const [row] = await t.database.db.select().from(requests).where(eq(requests.id, body.requestId));
    const [errand] = await t.database.db.select().from(requestCategories).where(and(eq(requestCategories.code, 'errand'), isNull(requestCategories.orgNodeId)));
    expect(row).toMatchObject({ channel: 'resident', categoryId: errand!.id, reporterUserId: w.residentA.id, orgNodeId: w.tree.gridA1.id });
    expect(row!.content).toContain('联系电话：13900002222');
    const [tag] = await t.database.db.select().from(homeServiceRequests).where(eq(homeServiceRequests.requestId, body.requestId));
    expect(tag).toMatchObject({ itemId: atHomeItem, kind: 'at_home', requestedBy: w.residentA.id, forPersonId: null });

    // Dispatched through the requests workflow to the grid worker, keeping its time limit.
    const dispatched = await w.staffA.post(`/requests/${body.requestId}/dispatch`, { assigneeUserId: gridWorker.id });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const after = await w.staffA.get(`/services/home-requests/${body.requestId}`);
    expect(after.json()).toMatchObject({ status: 'dispatched', resolutionDueAt: body.resolutionDueAt, reporterName: '李桂兰' });
  });

  it('a grid worker asks on behalf of an elderly person living alone', async () => {
    const res = await gridWorker.post('/services/home-requests', { itemId: atHomeItem, kind: 'on_behalf', forPersonId: elder, content: '独居老人，子女在外地，代办高龄津贴申请' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ forPersonName: '王秀珍', address: '保利小区1号楼1单元302', reporterPhone: '138****1111' });
    const [row] = await t.database.db.select().from(requests).where(eq(requests.id, res.json().requestId));
    expect(row).toMatchObject({ channel: 'staff', reporterName: '王秀珍', createdBy: gridWorker.id });
  });

  it('refuses what cannot be done', async () => {
    const mode = await w.residentA.post('/services/home-requests', { itemId: spotOnly, kind: 'at_home', content: '请上门开证明' });
    expect(mode.statusCode).toBe(400);
    expect(errorCode(mode)).toBe('home_service_mode_unavailable');
    const elsewhere = await w.residentA.post('/services/home-requests', { itemId: itemB, kind: 'at_home', content: '请上门办理' });
    expect(elsewhere.statusCode).toBe(400);
    expect(errorCode(elsewhere)).toBe('home_service_item_elsewhere');
    expect((await w.residentA.post('/services/home-requests', { itemId: 999999, kind: 'at_home', content: '请上门办理' })).statusCode).toBe(404);
    expect((await w.residentA.post('/services/home-requests', { itemId: atHomeItem, kind: 'fly', content: '请上门办理' })).statusCode).toBe(400);
    // On behalf of a registry person: outside the subtree 404, a resident without registry access 404/403.
    expect((await w.staffB.post('/services/home-requests', { itemId: atHomeItem, kind: 'on_behalf', forPersonId: elder, content: '代办' })).statusCode).toBe(404);
    expect((await w.residentA2.post('/services/home-requests', { itemId: atHomeItem, kind: 'on_behalf', forPersonId: elder, content: '代办' })).statusCode).toBe(403);
    const signedOut = await t.app.inject({ method: 'POST', url: '/api/v1/services/home-requests', payload: { itemId: atHomeItem, kind: 'at_home', content: '请上门' } });
    expect(signedOut.statusCode).toBe(401);
  });

  it('lists mine for residents and the subtree for staff, masked', async () => {
    const mine = await w.residentA.get('/services/home-requests');
    expect(mine.json()).toMatchObject({ scope: 'mine', total: 1 });
    expect((await w.residentA2.get('/services/home-requests')).json().total).toBe(0);
    const staff = await w.staffA.get('/services/home-requests');
    expect(staff.json()).toMatchObject({ scope: 'all', total: 2 });
    expect(staff.json().items.map((i: { forPersonName: string | null }) => i.forPersonName)).toContain('王**');
    expect((await w.staffA.get('/services/home-requests?status=dispatched')).json().total).toBe(1);
    expect((await w.staffB.get('/services/home-requests')).json().total).toBe(0);
    const first = staff.json().items.find((i: { kind: string }) => i.kind === 'at_home').requestId;
    expect((await w.residentA2.get(`/services/home-requests/${first}`)).statusCode).toBe(404);
    expect((await w.staffB.get(`/services/home-requests/${first}`)).statusCode).toBe(404);
    expect((await w.residentA.get(`/services/home-requests/${first}`)).statusCode).toBe(200);
  });
});
