import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { orgNodes } from '../../../db/schema/org.js';
import { careTags, personTags, persons } from '../../../db/schema/registry.js';
import { serviceItems } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { chinaTime, type DemoSession } from '../../../platform/demo.js';
import { requestHomeService } from '../athome/home.service.js';
import { DEMO_TEMPLATES } from './guide.demoData.js';
import * as items from './items.service.js';

/**
 * The service guide demo, through the services: the region's administrator publishes twenty template items
 * (养老保险待遇领取资格认证, 高龄津贴, 低保, 残疾人两项补贴 …) three weeks ago; up to two communities adopt the template
 * a few days later, each changing one item locally and adding one of its own; then three home-service requests:
 * a resident asks for 养老认证 at home, a grid worker asks 帮办代办 for an elderly person living alone, and staff
 * take one by phone for another. Skipped when any service item exists.
 */
export interface GuideDemoResult {
  skipped: boolean;
  templates: number;
  communities: number;
  adopted: number;
  homeRequests: number;
}

const SKIPPED: GuideDemoResult = { skipped: true, templates: 0, communities: 0, adopted: 0, homeRequests: 0 };

async function firstUser(session: DemoSession, roles: string[], nodePath?: string) {
  const [row] = await session.ctx.db
    .select({ username: users.username, nodeId: roleAssignments.orgNodeId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(and(inArray(roleAssignments.role, roles), nodePath ? sql`${orgNodes.path} <@ ${nodePath}::ltree` : undefined))
    .orderBy(asc(roleAssignments.id))
    .limit(1);
  return row;
}

export async function seedServiceGuideDemo(session: DemoSession): Promise<GuideDemoResult> {
  const { ctx, clock, until } = session;
  const db = ctx.db;
  const [existing] = await db.select({ id: serviceItems.id }).from(serviceItems).limit(1);
  if (existing) return SKIPPED;
  const admin = await firstUser(session, ['region_admin', 'system_admin']);
  const [region] = await db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'region'), isNull(orgNodes.parentId))).orderBy(asc(orgNodes.id)).limit(1);
  if (!admin || !region) return SKIPPED;
  const result: GuideDemoResult = { skipped: false, templates: 0, communities: 0, adopted: 0, homeRequests: 0 };

  clock.set(chinaTime(until, -21, '10:00'));
  const boss = await session.person(admin.username);
  const templateIds: number[] = [];
  for (const [i, tpl] of DEMO_TEMPLATES.entries()) {
    const item = await items.createItem(ctx, boss.principal, boss.actor, { ...tpl, nodeId: region.id, sort: (i + 1) * 10 });
    templateIds.push(item.id);
  }
  result.templates = templateIds.length;

  // Communities with staff adopt the template and make it their own.
  const communities = await db
    .selectDistinct({ id: orgNodes.id, path: sql<string>`${orgNodes.path}::text`, name: orgNodes.name, baoli: sql<boolean>`${orgNodes.name} = '保利社区'` })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(and(eq(orgNodes.kind, 'community'), eq(roleAssignments.role, 'community_staff')))
    // 保利社区 first: its registry has the elderly people living alone the home-service requests are for.
    .orderBy(sql`4 desc`, asc(orgNodes.id))
    .limit(2);
  let firstCommunity: (typeof communities)[number] | undefined;
  for (const [n, community] of communities.entries()) {
    const staffRow = await firstUser(session, ['community_staff'], community.path);
    if (!staffRow) continue;
    clock.set(chinaTime(until, -18 + n, '15:00'));
    const staff = await session.person(staffRow.username);
    const adopted = await items.adopt(ctx, staff.principal, staff.actor, { nodeId: community.id, templateIds });
    result.adopted += adopted.adopted;
    result.communities++;
    firstCommunity ??= community;
    // A local tweak: this community verifies pensions on Tuesday and Thursday mornings only.
    const pension = adopted.itemIds[0]!;
    await items.patchItem(ctx, staff.principal, staff.actor, pension, {
      notice: n === 0 ? '本社区每周二、周四上午集中办理认证，80岁以上老人可电话预约上门认证。' : '牧区居民可由嘎查村代办员代为认证。',
      timeLimitDays: 0,
    });
    await items.createItem(ctx, staff.principal, staff.actor, {
      nodeId: community.id,
      name: n === 0 ? '社区党群服务中心活动室借用' : '草原生态补奖资金查询',
      category: 'other',
      eligibility: n === 0 ? '辖区居民、社会组织及共建单位' : '享受草原生态保护补助奖励政策的农牧民',
      materials: [{ name: '居民身份证', form: 'original', copies: 1, source: null, required: true }],
      legalBasis: n === 0 ? '社区党群服务中心管理制度' : '《内蒙古自治区草原生态保护补助奖励政策实施方案》',
      timeLimitDays: 0,
      modes: ['on_the_spot', 'online'],
      process: '窗口登记\n当场答复',
      sort: 1000,
    });
  }
  if (!firstCommunity) {
    clock.set(until);
    return result;
  }

  // Home service in the first community.
  const byCode = async (code: string) =>
    (
      await db
        .select({ id: persons.id })
        .from(persons)
        .innerJoin(personTags, and(eq(personTags.personId, persons.id), isNull(personTags.removedAt)))
        .innerJoin(careTags, eq(careTags.id, personTags.tagId))
        .where(and(eq(careTags.code, code), eq(persons.communityId, firstCommunity.id)))
        .orderBy(asc(persons.id))
        .limit(2)
    ).map((r) => r.id);
  const pensionItem = await db.select({ id: serviceItems.id, name: serviceItems.name }).from(serviceItems).where(eq(serviceItems.nodeId, firstCommunity.id));
  const idOf = (name: string) => pensionItem.find((i) => i.name === name)?.id;
  const alone = await byCode('living_alone');
  const grid = await firstUser(session, ['grid_worker'], firstCommunity.path);
  const staffRow = await firstUser(session, ['community_staff'], firstCommunity.path);
  const resident = await firstUser(session, ['resident'], firstCommunity.path);

  if (resident && idOf('养老保险待遇领取资格认证')) {
    clock.set(chinaTime(until, -6, '09:20'));
    const me = await session.person(resident.username);
    await requestHomeService(ctx, me.principal, me.actor, {
      itemId: idOf('养老保险待遇领取资格认证')!,
      kind: 'at_home',
      content: '我父亲今年86岁，卧床不便，想请社区工作人员上门做养老金领取资格认证，工作日上午家里都有人。',
    });
    result.homeRequests++;
  }
  if (grid && alone[0] != null && idOf('高龄津贴申请')) {
    clock.set(chinaTime(until, -4, '15:40'));
    const worker = await session.person(grid.username);
    await requestHomeService(ctx, worker.principal, worker.actor, {
      itemId: idOf('高龄津贴申请')!,
      kind: 'on_behalf',
      forPersonId: alone[0],
      content: '入户走访时了解到老人独居、子女在外地，今年已满80周岁尚未申请高龄津贴，老人委托代为办理，身份证和银行卡复印件已收集。',
    });
    result.homeRequests++;
  }
  if (staffRow && (alone[1] ?? alone[0]) != null && idOf('水电气暖缴费（一窗通办）')) {
    clock.set(chinaTime(until, -1, '10:05'));
    const staff = await session.person(staffRow.username);
    await requestHomeService(ctx, staff.principal, staff.actor, {
      itemId: idOf('水电气暖缴费（一窗通办）')!,
      kind: 'on_behalf',
      forPersonId: (alone[1] ?? alone[0])!,
      content: '老人来电：暖气费本周到期，行动不便无法到窗口，请网格员上门取卡代缴。',
    });
    result.homeRequests++;
  }
  clock.set(until);
  return result;
}
