import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { person, SETUP_TIMEOUT_MS, type Caller } from '../../../../test/rooms.js';
import { insertWindow, servicesWorld } from '../../../../test/services.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let region: Caller;
const ids: Record<string, number> = {};

const material = (name: string) => ({ name, form: 'original_and_copy', copies: 1, source: '户籍所在地派出所' });
const itemBody = (nodeId: number, name: string, extra: Record<string, unknown> = {}) => ({
  nodeId,
  name,
  category: 'social_security',
  eligibility: '本市户籍居民',
  materials: [material('居民身份证')],
  legalBasis: '《社会保险法》',
  timeLimitDays: 5,
  modes: ['on_the_spot', 'by_appointment', 'at_home'],
  ...extra,
});

/** Signed out. */
const anon = (url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}` });

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'SG');
  region = await person(t, 'SG.region', w.tree.region.id, [{ role: 'region_admin', orgNodeId: w.tree.region.id }], '区管理员');
  for (const [key, name, extra] of [
    ['pension', '养老保险待遇领取资格认证', {}],
    ['medical', '城乡居民医保参保登记', { category: 'medical_insurance' }],
    ['residence', '居住证明开具', { category: 'certificates', isCertificate: true, timeLimitDays: 0 }],
  ] as const) {
    const res = await region.post('/services/items', itemBody(w.tree.region.id, name, extra));
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await t?.close();
});

describe('the public guide', () => {
  it('is readable signed out; a community without items shows the region’s', async () => {
    const res = await anon(`/services/items?nodeId=${w.tree.communityA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.source).toEqual({ id: w.tree.region.id, name: w.tree.region.name });
    expect(body.items.map((i: { name: string }) => i.name)).toContain('养老保险待遇领取资格认证');
    const byCenter = await anon(`/services/items?centerId=${w.centerA.id}`);
    expect(byCenter.json().node.id).toBe(w.tree.communityA.id);
  });

  it('finds items by name, full pinyin and initials', async () => {
    for (const q of ['养老', 'yanglao', 'ylbx', 'YLBX']) {
      const res = await anon(`/services/items?nodeId=${w.tree.region.id}&q=${encodeURIComponent(q)}`);
      expect(res.json().items.map((i: { name: string }) => i.name), q).toEqual(['养老保险待遇领取资格认证']);
    }
    const cat = await anon(`/services/items?nodeId=${w.tree.region.id}&category=medical_insurance`);
    expect(cat.json().items).toHaveLength(1);
    const certs = await anon(`/services/items/certificates?nodeId=${w.tree.region.id}`);
    expect(certs.json().items.map((i: { name: string }) => i.name)).toEqual(['居住证明开具']);
  });

  it('shows an item with its windows and the complete notice, signed out', async () => {
    const res = await anon(`/services/items/${ids.pension}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.canManage).toBe(false);
    expect(body.completeNotice.title).toContain('养老保险待遇领取资格认证');
    expect(body.completeNotice.sections.find((s: { key: string }) => s.key === 'time_limit').lines).toEqual(['5个工作日']);
  });
});

describe('editing', () => {
  it('refuses bad input with 400', async () => {
    const cases: [Record<string, unknown>, string | undefined][] = [
      [{ materials: [] }, undefined],
      [{ modes: [] }, undefined],
      [{ feeCents: -1 }, undefined],
      [{ timeLimitDays: 400 }, undefined],
      [{ materials: [material('户口簿'), material('户口簿')] }, 'service_material_duplicate'],
      [{ materials: [{ name: '户口簿', form: 'copy', copies: 0 }] }, 'service_material_copies'],
    ];
    for (const [extra, code] of cases) {
      const res = await w.staffA.post('/services/items', itemBody(w.tree.communityA.id, '测试事项', extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      if (code) expect(errorCode(res)).toBe(code);
    }
    const ok = await w.staffA.post('/services/items', itemBody(w.tree.communityA.id, '社区自设事项', { category: 'other' }));
    expect(ok.statusCode, ok.body).toBe(201);
    ids.own = ok.json().id;
    const again = await w.staffA.post('/services/items', itemBody(w.tree.communityA.id, '社区自设事项'));
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('service_item_name_taken');
  });

  it('is scoped: 404 outside the subtree, 403 without services.manage', async () => {
    expect((await w.staffB.call('PATCH', `/services/items/${ids.own}`, { feeCents: 100 })).statusCode).toBe(404);
    expect((await w.staffB.post('/services/items', itemBody(w.tree.communityA.id, '越权事项'))).statusCode).toBe(404);
    expect((await w.residentA2.call('PATCH', `/services/items/${ids.own}`, { feeCents: 100 })).statusCode).toBe(403);
    expect((await w.staffA.call('PATCH', `/services/items/${ids.pension}`, { feeCents: 100 })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/services/items/${ids.own}`, payload: { feeCents: 1 } })).statusCode).toBe(401);
    const ok = await w.secretaryA.call('PATCH', `/services/items/${ids.own}`, { feeCents: 500, feeNote: '工本费' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().feeCents).toBe(500);
  });

  it('an own item makes the community’s guide its own', async () => {
    const res = await anon(`/services/items?nodeId=${w.tree.gridA1.id}`);
    expect(res.json().source.id).toBe(w.tree.communityA.id);
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['社区自设事项']);
  });
});

describe('templates', () => {
  it('adopts template items idempotently', async () => {
    const list = await w.staffA.get(`/services/templates?nodeId=${w.tree.communityA.id}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(3);
    const first = await w.staffA.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.pension, ids.residence] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ adopted: 2, already: 0 });
    const again = await w.staffA.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.pension, ids.residence] });
    expect(again.json()).toMatchObject({ adopted: 0, already: 2, itemIds: first.json().itemIds });
    const [a, b] = await Promise.all([
      w.staffA.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.medical] }),
      w.secretaryA.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.medical] }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().adopted + b.json().adopted).toBe(1);
    ids.copy = first.json().itemIds[0];
  });

  it('refuses items that are not templates above the node', async () => {
    const res = await w.staffA.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.own!] });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('service_template_unknown');
    expect((await w.staffB.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.pension!] })).statusCode).toBe(404);
    expect((await w.residentA2.post('/services/items/adopt', { nodeId: w.tree.communityA.id, templateIds: [ids.pension!] })).statusCode).toBe(403);
  });

  it('shows what a copy changed and resets it', async () => {
    const patched = await w.staffA.call('PATCH', `/services/items/${ids.copy}`, { timeLimitDays: 3, notice: '每月10日前认证' });
    expect(patched.json().changedFields).toEqual(['timeLimitDays', 'notice']);
    const cat = await w.staffA.get(`/services/items/catalogue?nodeId=${w.tree.communityA.id}`);
    expect(cat.statusCode, cat.body).toBe(200);
    expect(cat.json().items.find((i: { id: number }) => i.id === ids.copy).changedFields).toEqual(['timeLimitDays', 'notice']);
    const tpl = await w.staffA.get(`/services/templates?nodeId=${w.tree.communityA.id}`);
    expect(tpl.json().items.find((i: { id: number }) => i.id === ids.pension)).toMatchObject({ adoptedItemId: ids.copy, changedFields: ['timeLimitDays', 'notice'] });
    const reset = await w.staffA.post(`/services/items/${ids.copy}/reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ changedFields: [], timeLimitDays: 5, notice: '' });
    expect((await w.staffA.post(`/services/items/${ids.own}/reset`)).statusCode).toBe(409);
  });

  it('shows the windows that handle an item; an inactive item is gone for the public', async () => {
    await insertWindow(t.database.db, w.centerA.id, 3, { name: '社保医保窗口', itemIds: [ids.copy!] });
    const res = await anon(`/services/items/${ids.copy}`);
    expect(res.json().windows).toMatchObject([{ centerId: w.centerA.id, number: 3, name: '社保医保窗口' }]);
    expect(res.json().completeNotice.sections.find((s: { key: string }) => s.key === 'windows').lines[0]).toContain('3号窗口');
    await w.staffA.call('PATCH', `/services/items/${ids.copy}`, { active: false });
    expect((await anon(`/services/items/${ids.copy}`)).statusCode).toBe(404);
    expect((await w.staffA.get(`/services/items/${ids.copy}`)).statusCode).toBe(200);
    await w.staffA.call('PATCH', `/services/items/${ids.copy}`, { active: true });
  });
});

describe('odd input', () => {
  it('treats search wildcards as text and refuses overlong queries', async () => {
    for (const q of ['%', '_', '\\', "'", '养老%']) {
      const res = await anon(`/services/items?nodeId=${w.tree.region.id}&q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items, q).toEqual([]);
    }
    expect((await anon(`/services/items?q=${'a'.repeat(41)}`)).statusCode).toBe(400);
    expect((await anon('/services/items?nodeId=2147483647')).statusCode).toBe(404);
    expect((await anon('/services/items/2147483647')).statusCode).toBe(404);
  });

  it('takes null for a material’s source and note', async () => {
    const res = await w.staffA.post('/services/items', itemBody(w.tree.communityA.id, '空来源事项', { code: null, materials: [{ name: '申请书', form: 'original', copies: 1, source: null, note: null }] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().materials[0]).toMatchObject({ source: null, note: null, required: true });
    expect((await w.staffA.call('PATCH', `/services/items/${res.json().id}`, {})).statusCode).toBe(400);
  });
});
