import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { person, SETUP_TIMEOUT_MS, type Caller } from '../../../../test/rooms.js';
import { servicesWorld } from '../../../../test/services.js';

describe('convenience workshop 便民工坊', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof servicesWorld>>;
  let barber: Caller;
  let providerId: number;
  let haircutId: number;
  let repairId: number;
  const later = '2026-03-07T10:00:00+08:00';
  beforeAll(async () => {
    t = await createTestApp();
    w = await servicesWorld(t, 'Wk');
    barber = await person(t, 'Wk.barber', w.tree.communityA.id, [{ role: 'resident', orgNodeId: w.tree.communityA.id }], '张师傅');
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  it('staff add a provider with services; residents of the community see it, others do not', async () => {
    const res = await w.staffA.post('/services/workshop/providers', {
      nodeId: w.tree.communityA.id,
      kind: 'resident',
      name: '青享+ 一元理发',
      contactName: '张师傅',
      phone: '0471-1234567',
      userId: barber.id,
      address: '党群服务中心一楼',
      hours: '每周六 9:00–11:30',
      services: [
        { name: '一元理发', category: 'haircut', priceYuan: 1 },
        { name: '小家电维修', category: 'appliance_repair', priceYuan: 15.5, atHome: true },
      ],
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    providerId = p.id;
    haircutId = p.services[0].id;
    repairId = p.services[1].id;
    expect(p.services[1].priceCents).toBe(1550);
    const dup = await w.staffA.post('/services/workshop/providers', { nodeId: w.tree.communityA.id, kind: 'shop', name: '青享+ 一元理发', contactName: 'x', phone: '12345', services: [] });
    expect(dup.statusCode).toBe(409);
    expect((await w.staffB.post('/services/workshop/providers', { nodeId: w.tree.communityA.id, kind: 'shop', name: 'B', contactName: 'x', phone: '12345', services: [] })).statusCode).toBe(404);
    expect((await w.residentA2.post('/services/workshop/providers', { nodeId: w.tree.communityA.id, kind: 'shop', name: 'B', contactName: 'x', phone: '12345', services: [] })).statusCode).toBe(403);
    const bad = await w.staffA.post('/services/workshop/providers', { nodeId: w.tree.communityA.id, kind: 'shop', name: 'C', contactName: 'x', phone: 'abc', services: [] });
    expect(bad.statusCode).toBe(400);
    const list = (await w.residentA.get('/services/workshop/providers')).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([providerId]);
    expect((await w.residentB.get('/services/workshop/providers')).json().items).toHaveLength(0);
    expect((await w.residentB.get(`/services/workshop/providers/${providerId}`)).statusCode).toBe(404);
  });

  it('orders move requested → confirmed → done, rated once; provider scope; cancel before done', async () => {
    const placed = await w.residentA.post('/services/workshop/orders', { serviceId: haircutId, preferredAt: later, note: '给老人理发' });
    expect(placed.statusCode).toBe(201);
    const order = placed.json();
    expect(order.status).toBe('requested');
    expect((await w.residentB.post('/services/workshop/orders', { serviceId: haircutId })).statusCode).toBe(404);
    // Rating before done is refused.
    const early = await w.residentA.post(`/services/workshop/orders/${order.id}/rate`, { rating: 5 });
    expect(early.statusCode).toBe(409);
    // Done before confirmed is refused.
    expect((await barber.post(`/services/workshop/orders/${order.id}/done`)).statusCode).toBe(409);
    // Another resident is not the provider: 404 (outside any staff reach).
    expect((await w.residentB.post(`/services/workshop/orders/${order.id}/confirm`, { confirmedFor: later })).statusCode).toBe(404);
    expect((await w.residentA2.post(`/services/workshop/orders/${order.id}/confirm`, { confirmedFor: later })).statusCode).toBe(403);
    const provOrders = (await barber.get('/services/workshop/orders/provider')).json();
    expect(provOrders.items.map((o: { id: number }) => o.id)).toEqual([order.id]);
    expect(provOrders.items[0].residentName).toBe('李桂兰');
    expect((await w.residentA2.get('/services/workshop/orders/provider')).json().items).toHaveLength(0);
    const confirmed = await barber.post(`/services/workshop/orders/${order.id}/confirm`, { confirmedFor: later });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    const done = await barber.post(`/services/workshop/orders/${order.id}/done`);
    expect(done.json().status).toBe('done');
    expect((await w.residentA.post(`/services/workshop/orders/${order.id}/cancel`)).statusCode).toBe(409);
    expect((await barber.post(`/services/workshop/orders/${order.id}/rate`, { rating: 5 })).statusCode).toBe(404);
    expect((await w.residentA.post(`/services/workshop/orders/${order.id}/rate`, { rating: 6 })).statusCode).toBe(400);
    const rated = await w.residentA.post(`/services/workshop/orders/${order.id}/rate`, { rating: 4, comment: '手艺好' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().rating).toBe(4);
    const twice = await w.residentA.post(`/services/workshop/orders/${order.id}/rate`, { rating: 1 });
    expect(twice.statusCode).toBe(409);
    expect(errorCode(twice)).toBe('workshop_order_rated');

    const second = (await w.residentA.post('/services/workshop/orders', { serviceId: repairId })).json();
    const cancelled = await w.residentA.post(`/services/workshop/orders/${second.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await barber.post(`/services/workshop/orders/${second.id}/confirm`, { confirmedFor: later })).statusCode).toBe(409);
    const third = (await w.residentA.post('/services/workshop/orders', { serviceId: repairId })).json();
    const declined = await w.staffA.post(`/services/workshop/orders/${third.id}/decline`, { reason: '配件缺货' });
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: '配件缺货' });
    expect((await w.staffA.post(`/services/workshop/orders/${third.id}/decline`, { reason: ' ' })).statusCode).toBe(400);

    const mine = (await w.residentA.get('/services/workshop/orders/mine')).json();
    expect(mine.total).toBe(3);
    const staff = (await w.staffA.get('/services/workshop/orders')).json();
    expect(staff.items[0].residentName).not.toBe('李桂兰');
    expect((await w.staffB.get('/services/workshop/orders')).json().total).toBe(0);
    const list = (await w.residentA.get('/services/workshop/providers')).json();
    expect(list.items[0]).toMatchObject({ doneCount: 1, averageRating: 4 });
  });

  it('stats per provider for a node and period; refusals', async () => {
    const res = await w.staffA.get(`/services/workshop/stats?nodeId=${w.tree.communityA.id}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ providerId, orders: 3, done: 1, averageRating: 4 });
    expect((await w.staffB.get(`/services/workshop/stats?nodeId=${w.tree.communityA.id}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(404);
    expect((await w.staffA.get(`/services/workshop/stats?nodeId=${w.tree.communityA.id}&from=2026-03-31&to=2026-03-01`)).statusCode).toBe(400);
  });

  it('editing replaces the services list, retiring those left out', async () => {
    const res = await w.staffA.call('PATCH', `/services/workshop/providers/${providerId}`, { services: [{ id: haircutId, name: '一元理发', category: 'haircut', priceYuan: 1 }, { name: '配钥匙', category: 'key_cutting', priceYuan: 5 }] });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.services.find((s: { id: number }) => s.id === repairId).active).toBe(false);
    const pub = (await w.residentA.get(`/services/workshop/providers/${providerId}`)).json();
    expect(pub.services.map((s: { name: string }) => s.name)).toEqual(['一元理发', '配钥匙']);
  });
});
