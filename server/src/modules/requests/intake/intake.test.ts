import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { POINT, requestWorld, type Person, type World } from '../../../../test/requests.js';
import { auditLog, files } from '../../../db/schema/platform.js';
import { requests } from '../../../db/schema/requests.js';
import { submitRequest } from './service.js';

/** Intake from every channel: where a request lands, who may file it, and the 400s with readable messages. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await requestWorld(t, 'In');
});
afterAll(() => t.close());

const submit = (who: Person, body: Record<string, unknown>, lang = 'zh') => w.api(who, 'POST', '/requests', body, lang);
const at = (point: readonly [number, number]) => ({ lng: point[0], lat: point[1] });

async function photoOf(owner: Person, nodeId: number): Promise<string> {
  const id = randomUUID();
  await t.database.db
    .insert(files)
    .values({
      id,
      ownerUserId: w.id[owner],
      orgNodeId: nodeId,
      storageKey: `t/${id}.jpg`,
      mime: 'image/jpeg',
      byteSize: 10,
      sha256: 'x',
      createdAt: t.clock.now(),
    });
  return id;
}

describe('where a request lands', () => {
  it.each([
    ['a map point → the grid whose polygon holds it', 'residentA', { location: at(POINT.gridA2) }, 'gridA2'],
    ['a building → its grid', 'residentA', { location: { buildingNodeId: 'buildingA1' } }, 'gridA1'],
    ['a unit → its grid', 'residentA', { location: { buildingNodeId: 'unitA1' } }, 'gridA1'],
    ['no location → the resident’s home grid', 'residentB', {}, 'gridB1'],
    ['a point outside every grid → the home grid', 'residentB', { location: { lng: 111.7, lat: 40.8 } }, 'gridB1'],
    [
      'staff naming their community',
      'staffA',
      { channel: 'staff', reporter: { name: '赵大爷' }, location: { orgNodeId: 'communityA' } },
      'communityA',
    ],
    [
      'staff naming their community and a point in one of its grids',
      'staffA',
      { channel: 'staff', reporter: { phone: '0472-5123456' }, location: { orgNodeId: 'communityA', ...at(POINT.gridA2) } },
      'gridA2',
    ],
    ['a mobile grid worker anywhere in the street', 'rider', { channel: 'mobile_grid_worker', location: at(POINT.gridB1) }, 'gridB1'],
  ] as [string, Person, Record<string, unknown>, keyof World['tree']][])('%s', async (_label, who, extra, expected) => {
    const location = extra.location as Record<string, unknown> | undefined;
    for (const key of ['buildingNodeId', 'orgNodeId'] as const) {
      if (typeof location?.[key] === 'string') location[key] = w.tree[location[key] as keyof World['tree']].id;
    }
    const res = await submit(who, { content: '这里有个问题需要处理', ...extra });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().node.id).toBe(w.tree[expected].id);
  });

  it('a patrol report is its own response; a building leader is the reporter of their own report', async () => {
    const patrol = (await submit('gridA1', { channel: 'patrol', content: '发现楼道堆放杂物', location: at(POINT.gridA1) })).json();
    expect(patrol.respondedAt).toBe(patrol.receivedAt);
    expect(patrol.reporter).toMatchObject({ name: null, phone: null });
    const lead = (
      await submit('leader', { channel: 'building_leader', content: '楼顶漏雨', location: { buildingNodeId: w.tree.buildingA1.id } })
    ).json();
    expect(lead).toMatchObject({ reporter: { name: '楼栋长老赵', isYou: true }, createdBy: { id: w.id.leader } });
    expect((await w.api('leader', 'GET', '/requests/mine')).json().items.map((r: { id: number }) => r.id)).toContain(lead.id);
  });

  it('photos: the caller’s own uploads, filed under the request’s node so its handlers can open them', async () => {
    const mine = await photoOf('residentA', w.tree.unitA1.id);
    const res = await submit('residentA', { content: '井盖破了', photoIds: [mine], location: at(POINT.gridA2) });
    expect(res.json().photos).toEqual([{ id: mine, url: `/api/v1/files/${mine}`, thumbUrl: `/api/v1/files/${mine}/thumb` }]);
    const [file] = await t.database.db.select().from(files).where(eq(files.id, mine));
    expect(file!.orgNodeId).toBe(w.tree.gridA2.id);
    const theirs = await photoOf('residentB', w.tree.gridB1.id);
    const refused = await submit('residentA', { content: '井盖破了', photoIds: [theirs] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'photo_unknown', details: { fileIds: [theirs] } });
  });
});

describe('who may file where', () => {
  it('staff cannot file at a point in another community; a resident cannot file as staff', async () => {
    const res = await submit(
      'staffA',
      { channel: 'staff', reporter: { name: '某某' }, content: '路灯坏了', location: at(POINT.gridB1) },
      'en',
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('request_location_out_of_scope');
    expect(res.json().error.message).toContain('outside your area');
    expect((await submit('residentA', { channel: 'staff', reporter: { name: '某某' }, content: '路灯坏了' })).statusCode).toBe(403);
    expect(
      (
        await submit('staffA', {
          channel: 'staff',
          reporter: { name: '某某' },
          content: '路灯坏了',
          location: { orgNodeId: w.tree.communityB.id },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a grid worker self-resolves in their grid only, with photo evidence', async () => {
    const photo = await photoOf('gridA1', w.tree.gridA1.id);
    const ok = await w.api('gridA1', 'POST', '/requests/self-resolved', {
      content: '路边垃圾',
      note: '已清理',
      photoIds: [photo],
      location: at(POINT.gridA1),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      status: 'closed',
      closeReason: 'no_reporter',
      selfResolved: true,
      assignee: { user: { id: w.id.gridA1 } },
    });
    expect(ok.json().timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'self_resolve', 'close']);
    // The photo now belongs to that request: it cannot be used as evidence for another one.
    const reused = await w.api('gridA1', 'POST', '/requests/self-resolved', { content: '路边垃圾', note: '已清理', photoIds: [photo], location: at(POINT.gridA1) });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('photo_unknown');
    const helped = await w.api('gridA1', 'POST', '/requests/self-resolved', {
      content: '帮李奶奶认证养老金',
      note: '已上门办理',
      photoIds: [await photoOf('gridA1', w.tree.gridA1.id)],
      reporter: { name: '李奶奶', phone: '13811112222' },
      location: at(POINT.gridA1),
    });
    expect(helped.json()).toMatchObject({ status: 'resolved', followUp: { dueAt: expect.any(String) } });
    const elsewhere = await w.api('gridA1', 'POST', '/requests/self-resolved', {
      content: '路边垃圾',
      note: '已清理',
      photoIds: [await photoOf('gridA1', w.tree.gridA1.id)],
      location: at(POINT.gridA2),
    });
    expect(elsewhere.statusCode).toBe(403);
    const noPhoto = await w.api('gridA1', 'POST', '/requests/self-resolved', { content: '路边垃圾', note: '已清理', photoIds: [] });
    expect(noPhoto.statusCode).toBe(400);
  });
});

describe('bad input: 400 with a clear message, never 500', () => {
  it.each([
    [{ content: '啊' }, 'content_invalid', '诉求内容应为 2 到 2000 个字'],
    [{}, 'validation_failed', '请求内容不符合要求：content'],
    [{ content: '路灯坏了', location: { lng: 109.88 } }, 'location_invalid', '位置坐标无效：经度和纬度需同时提供且在有效范围内'],
    [{ content: '路灯坏了', location: { lng: 200, lat: 40 } }, 'validation_failed', '请求内容不符合要求：location.lng'],
    [{ content: '路灯坏了', categoryId: 999_999 }, 'category_unknown', '诉求分类不存在或已停用'],
    [{ content: '路灯坏了', categoryCode: 'street_lights' }, 'category_not_leaf', '“路灯照明”是大类，请选择其下的具体分类'],
    [{ content: '路灯坏了', priority: 'whenever' }, 'validation_failed', '请求内容不符合要求：priority'],
    [{ content: '路灯坏了', channel: 'open311' }, 'validation_failed', '请求内容不符合要求：channel'],
    [
      { content: '路灯坏了', photoIds: Array.from({ length: 10 }, () => randomUUID()) },
      'validation_failed',
      '请求内容不符合要求：photoIds',
    ],
    [{ content: '路灯坏了', photoIds: ['not-a-uuid'] }, 'validation_failed', '请求内容不符合要求：photoIds.0'],
    [{ content: '路灯坏了', receivedAt: '2026-03-01T09:00:00+08:00' }, 'received_at_not_allowed', '居民上报不能指定受理时间'],
    [{ content: '路灯坏了', location: { buildingNodeId: 2_147_483_647 } }, 'not_found', '找不到该对象'],
  ])('%j → %s', async (body, code, zh) => {
    const res = await submit('residentA', body);
    expect(res.statusCode, res.body).toBe(code === 'not_found' ? 404 : 400);
    expect(res.json().error).toMatchObject({ code, message: zh });
    expect(res.json().error.messages.en.length).toBeGreaterThan(5);
  });

  it('staff-specific checks, in English when asked', async () => {
    const noReporter = await submit('staffA', { channel: 'staff', content: '有人来电反映' }, 'en');
    expect(noReporter.json().error).toMatchObject({
      code: 'reporter_required',
      message: 'When filing for someone, give their name or phone number',
    });
    const badPhone = await submit('staffA', { channel: 'staff', content: '有人来电反映', reporter: { phone: '12ab' } }, 'en');
    expect(badPhone.json().error).toMatchObject({ code: 'phone_invalid', message: 'The phone number "12ab" is not valid' });
    const future = await submit('staffA', { channel: 'hotline', content: '热线转来', receivedAt: '2026-03-05T09:00:00+08:00' });
    expect(errorCode(future)).toBe('received_at_invalid');
  });

  it('malformed bodies, ids and sessions', async () => {
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { authorization: `Bearer ${w.token.residentA}`, 'content-type': 'application/json' },
      payload: '{"content":',
    });
    expect(garbage.statusCode).toBe(400);
    expect((await w.api('residentA', 'GET', '/requests/abc')).statusCode).toBe(400);
    expect((await w.api('residentA', 'GET', '/requests/99999999999999999999')).statusCode).toBe(400);
    expect((await w.api('residentA', 'GET', '/requests/123456789')).statusCode).toBe(404);
    expect((await w.api(null, 'POST', '/requests', { content: '路灯坏了' })).statusCode).toBe(401);
    const dispatchNobody = await w.api('staffA', 'POST', '/requests/1/dispatch', {});
    expect([400, 404]).toContain(dispatchNobody.statusCode);
  });
});

describe('submitRequest for machines (hotline import, Open311)', () => {
  const hotline = () => ({ system: true as const, name: '12345 热线导入', orgNodeId: w.tree.town.id });

  it('files under the partner’s node, locating the grid from the point, with the original time received', async () => {
    const filed = await submitRequest(t.app.ctx, hotline(), {
      channel: 'hotline',
      content: '来电反映小区门口有积水',
      externalRef: 'RX-0001',
      receivedAt: new Date('2026-03-01T20:00:00+08:00'),
      reporter: { name: '钱先生', phone: '+86 138-0000-1234' },
      location: { ...at(POINT.gridB1), address: '草原社区5号楼' },
      categoryCode: 'waterlogging',
    });
    expect(filed).toMatchObject({ orgNodeId: w.tree.gridB1.id, status: 'submitted', priority: 'ordinary' });
    // Sunday evening: respond by Tuesday's close (Monday is the first working day after the day received).
    expect(filed.responseDueAt.toISOString()).toBe('2026-03-02T09:30:00.000Z');
    const [row] = await t.database.db.select().from(requests).where(eq(requests.id, filed.id));
    expect(row).toMatchObject({ reporterPhone: '13800001234', reporterNamePinyin: 'qianxiansheng qxs', createdBy: null });
  });

  it('a repeated work order is 409 request_duplicate naming the first, also when two arrive at once', async () => {
    const again = submitRequest(t.app.ctx, hotline(), { channel: 'hotline', content: '重复导入', externalRef: 'RX-0001' });
    await expect(again).rejects.toMatchObject({ status: 409, code: 'request_duplicate', details: { requestId: expect.any(Number) } });
    const racing = await Promise.allSettled([
      submitRequest(t.app.ctx, hotline(), { channel: 'hotline', content: '并发导入', externalRef: 'RX-0002' }),
      submitRequest(t.app.ctx, hotline(), { channel: 'hotline', content: '并发导入', externalRef: 'RX-0002' }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((racing.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      status: 409,
      code: 'request_duplicate',
    });
  });

  it('stays inside its node and its channels', async () => {
    const outside = { system: true as const, name: 'Open311: 第三方', orgNodeId: w.tree.communityB.id };
    await expect(
      submitRequest(t.app.ctx, outside, { channel: 'open311', content: '路灯坏了', location: { orgNodeId: w.tree.gridA1.id } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(submitRequest(t.app.ctx, outside, { channel: 'resident', content: '路灯坏了' })).rejects.toMatchObject({
      status: 400,
      code: 'channel_not_allowed',
    });
    const ok = await submitRequest(
      t.app.ctx,
      outside,
      { channel: 'open311', content: '路灯坏了' },
      {
        afterInsert: async (tx, row) => {
          await tx
            .update(requests)
            .set({ address: `token for ${row.number}` })
            .where(eq(requests.id, row.id));
        },
      },
    );
    expect(ok.orgNodeId).toBe(w.tree.communityB.id);
    const [row] = await t.database.db.select().from(requests).where(eq(requests.id, ok.id));
    expect(row!.address).toBe(`token for ${ok.number}`);
  });
});

describe('the reporter’s contact details', () => {
  it('masked everywhere; in full only through the audited contact endpoint, with a reason', async () => {
    const filed = (await submit('residentA', { content: '楼下噪音扰民', location: at(POINT.gridA1) })).json();
    const seen = (await w.api('gridA1', 'GET', `/requests/${filed.id}`)).json();
    expect(seen.reporter).toEqual({ name: '张*', phone: '138****8001', isYou: false, masked: true });
    expect((await w.api('gridA1', 'POST', `/requests/${filed.id}/contact`, { reason: '需要联系' })).statusCode).toBe(403);
    expect((await w.api('gridA2', 'POST', `/requests/${filed.id}/contact`, { reason: '需要联系' })).statusCode).toBe(404);
    const full = await w.api('staffA', 'POST', `/requests/${filed.id}/contact`, { reason: '电话回访' });
    expect(full.json()).toEqual({ name: '张三', phone: '13800138001', userId: w.id.residentA });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'request.contact_view'), eq(auditLog.objectId, String(filed.id))));
    expect(audit).toMatchObject({ actorUserId: w.id.staffA, details: expect.objectContaining({ reason: '电话回访' }) });
    // The grid worker it is dispatched to must call the resident: allowed, and audited the same way.
    await w.api('staffA', 'POST', `/requests/${filed.id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    expect((await w.api('gridA1', 'POST', `/requests/${filed.id}/contact`, { reason: '上门核实前联系' })).statusCode).toBe(200);
  });
});
