import { and, asc, eq, sql } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { workshopProviders, type ProviderKind, type WorkshopCategory } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { chinaTime, type DemoSession } from '../../../platform/demo.js';
import { toShanghaiIso } from '../../../platform/calendarDays.js';
import { cancelOrder, completeOrder, confirmOrder, declineOrder, placeOrder, rateOrder } from './orders.service.js';
import { createProvider } from './providers.service.js';

/**
 * The convenience workshop demo 便民工坊: the seeds' 青享+ workshop at the first community with a service center —
 * one-yuan haircuts, appliance repair, key cutting, tailoring, bicycle repair, drain clearing and more, 20 kinds of
 * service from residents with skills, shops, a partner unit and a social organisation — and residents' orders in
 * every state over the last three weeks: done and rated, done, confirmed, requested, declined and cancelled.
 * The barber's account is a resident's, so 张师傅 confirms his own orders. Skipped when the community has providers.
 */
export interface WorkshopDemoResult {
  skipped: boolean;
  providers: number;
  services: number;
  orders: number;
}

interface DemoProvider {
  kind: ProviderKind;
  name: string;
  contactName: string;
  phone: string;
  address: string;
  hours: string;
  description: string;
  linkResident?: boolean;
  services: { name: string; category: WorkshopCategory; priceYuan: number; unit?: string; atHome?: boolean }[];
}

const PROVIDERS: DemoProvider[] = [
  {
    kind: 'resident', name: '青享+ 一元理发', contactName: '张师傅', phone: '13904711201', address: '党群服务中心一楼活动室', hours: '每周六 9:00–11:30',
    description: '退休理发师志愿服务，老人、儿童优先', linkResident: true,
    services: [{ name: '一元理发', category: 'haircut', priceYuan: 1 }, { name: '行动不便老人上门理发', category: 'haircut', priceYuan: 10, atHome: true }],
  },
  {
    kind: 'shop', name: '鑫达家电维修部', contactName: '刘建华', phone: '0471-5123456', address: '社区底商 12 号', hours: '每天 8:30–19:00',
    description: '青享+ 合作商户，社区居民维修免上门费',
    services: [{ name: '小家电维修', category: 'appliance_repair', priceYuan: 20, unit: '件' }, { name: '空调清洗', category: 'appliance_repair', priceYuan: 80, unit: '台', atHome: true }, { name: '燃气灶维修', category: 'appliance_repair', priceYuan: 30, atHome: true }],
  },
  {
    kind: 'shop', name: '老李钥匙铺', contactName: '李永强', phone: '13847102233', address: '社区北门东侧', hours: '每天 8:00–20:00',
    description: '配钥匙、修锁、磨刀',
    services: [{ name: '配钥匙', category: 'key_cutting', priceYuan: 5, unit: '把' }, { name: '开锁', category: 'key_cutting', priceYuan: 50, atHome: true }, { name: '换锁芯', category: 'key_cutting', priceYuan: 120, unit: '个', atHome: true }, { name: '磨刀', category: 'other', priceYuan: 5, unit: '把' }],
  },
  {
    kind: 'resident', name: '王阿姨缝补', contactName: '王秀英', phone: '13604713344', address: '党群服务中心一楼', hours: '每周三、周六 14:00–17:00',
    description: '巧手缝补，困难群众免费',
    services: [{ name: '裤脚修改', category: 'tailoring', priceYuan: 5, unit: '条' }, { name: '拉链更换', category: 'tailoring', priceYuan: 10, unit: '个' }, { name: '衣物缝补', category: 'tailoring', priceYuan: 0, unit: '件' }],
  },
  {
    kind: 'shop', name: '青年自行车修理', contactName: '赵海军', phone: '15947104455', address: '社区南门车棚旁', hours: '每天 7:30–18:30',
    description: '自行车、电动车修理',
    services: [{ name: '补胎', category: 'bicycle_repair', priceYuan: 5 }, { name: '换链条', category: 'bicycle_repair', priceYuan: 30 }, { name: '电动车检修', category: 'bicycle_repair', priceYuan: 20 }],
  },
  {
    kind: 'unit', name: '物业维修队', contactName: '孙师傅', phone: '0471-5126789', address: '物业服务中心', hours: '工作日 8:30–17:30，急修 24 小时',
    description: '共建单位，管道疏通与水电小修',
    services: [{ name: '下水道疏通', category: 'drain_clearing', priceYuan: 50, atHome: true }, { name: '马桶疏通', category: 'drain_clearing', priceYuan: 60, atHome: true }, { name: '水龙头更换', category: 'drain_clearing', priceYuan: 20, unit: '个', atHome: true }],
  },
  {
    kind: 'social_org', name: '青山区社会工作服务中心', contactName: '陈社工', phone: '0471-5130000', address: '党群服务中心二楼', hours: '每月第一个周五 9:00–11:30',
    description: '社会组织公益服务：法律咨询、健康义诊',
    services: [{ name: '法律咨询', category: 'legal_advice', priceYuan: 0 }, { name: '健康义诊', category: 'health', priceYuan: 0 }],
  },
];

type Fate = 'rated' | 'done' | 'confirmed' | 'requested' | 'declined' | 'cancelled';
const ORDERS: { provider: number; service: number; fate: Fate; daysAgo: number; rating?: number; comment?: string; note: string }[] = [
  { provider: 0, service: 0, fate: 'rated', daysAgo: 20, rating: 5, comment: '张师傅手艺好，一块钱真实惠', note: '想理个短发' },
  { provider: 1, service: 0, fate: 'rated', daysAgo: 18, rating: 4, comment: '电饭煲修好了', note: '电饭煲不加热' },
  { provider: 5, service: 0, fate: 'rated', daysAgo: 15, rating: 5, comment: '来得快，处理干净', note: '厨房下水道堵了' },
  { provider: 2, service: 0, fate: 'done', daysAgo: 12, note: '配两把单元门钥匙' },
  { provider: 3, service: 0, fate: 'rated', daysAgo: 10, rating: 4, comment: '', note: '两条裤子改短' },
  { provider: 4, service: 0, fate: 'declined', daysAgo: 8, note: '山地车后胎漏气' },
  { provider: 0, service: 1, fate: 'confirmed', daysAgo: 3, note: '家中老人行动不便，请上门理发' },
  { provider: 1, service: 1, fate: 'cancelled', daysAgo: 5, note: '客厅空调清洗' },
  { provider: 6, service: 0, fate: 'requested', daysAgo: 1, note: '咨询赡养纠纷' },
  { provider: 0, service: 0, fate: 'requested', daysAgo: 0, note: '周六上午理发' },
];

export async function seedWorkshopDemo(s: DemoSession): Promise<WorkshopDemoResult> {
  const db = s.ctx.db;
  const skipped = { skipped: true, providers: 0, services: 0, orders: 0 };
  const [center] = await db
    .select({ nodeId: orgNodes.id, path: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(eq(orgNodes.kind, 'community'))
    .orderBy(asc(serviceCenters.id))
    .limit(1);
  if (!center) return skipped;
  const [exists] = await db.select({ id: workshopProviders.id }).from(workshopProviders).where(eq(workshopProviders.nodeId, center.nodeId)).limit(1);
  if (exists) return skipped;
  const staffRows = await db
    .select({ username: users.username })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.orgNodeId, center.nodeId), eq(roleAssignments.role, 'community_staff')))
    .orderBy(asc(users.id))
    .limit(1);
  if (!staffRows[0]) return skipped;
  const staff = await s.person(staffRows[0].username);
  const residents = await db
    .selectDistinct({ username: users.username, id: users.id })
    .from(users)
    .innerJoin(orgNodes, eq(orgNodes.id, users.homeNodeId))
    .innerJoin(roleAssignments, and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, 'resident')))
    .where(sql`${orgNodes.path} <@ ${center.path}::ltree`)
    .orderBy(asc(users.id))
    .limit(6);
  if (residents.length < 2) return skipped;
  const barber = residents.at(-1)!;
  const customers = residents.slice(0, -1);

  s.clock.set(chinaTime(s.until, -28, '09:30'));
  const created = [];
  for (const p of PROVIDERS) {
    s.clock.advanceMinutes(7);
    const { linkResident, ...body } = p;
    created.push(await createProvider(s.ctx, staff.principal, staff.actor, { nodeId: center.nodeId, ...body, userId: linkResident ? barber.id : null }));
  }
  const barberP = await s.person(barber.username);
  let orders = 0;
  for (const [i, o] of ORDERS.entries()) {
    const provider = created[o.provider]!;
    const service = provider.services[o.service]!;
    const customer = await s.person(customers[i % customers.length]!.username);
    // The provider's own account acts for the barber; staff for the others.
    const side = provider.userId === barber.id ? barberP : staff;
    s.clock.set(chinaTime(s.until, -o.daysAgo, '08:10'));
    if (s.clock.now() > s.until) s.clock.set(s.until);
    const preferred = chinaTime(s.until, -o.daysAgo + 2, '10:00');
    const order = await placeOrder(s.ctx, customer.principal, customer.actor, { serviceId: service.id, preferredAt: toShanghaiIso(preferred), note: o.note });
    orders++;
    if (o.fate === 'requested') continue;
    if (o.fate === 'cancelled') {
      s.clock.advanceMinutes(90);
      await cancelOrder(s.ctx, customer.principal, customer.actor, order.id);
      continue;
    }
    s.clock.advanceMinutes(60);
    if (o.fate === 'declined') {
      await declineOrder(s.ctx, side.principal, side.actor, order.id, { reason: '配件缺货，请改日再约' });
      continue;
    }
    await confirmOrder(s.ctx, side.principal, side.actor, order.id, { confirmedFor: toShanghaiIso(preferred) });
    if (o.fate === 'confirmed') continue;
    s.clock.set(new Date(preferred.getTime() + 45 * 60_000));
    await completeOrder(s.ctx, side.principal, side.actor, order.id);
    if (o.fate === 'rated') {
      s.clock.advanceMinutes(120);
      await rateOrder(s.ctx, customer.principal, customer.actor, order.id, { rating: o.rating!, comment: o.comment ?? '' });
    }
  }
  return { skipped: false, providers: created.length, services: created.reduce((n, p) => n + p.services.length, 0), orders };
}
