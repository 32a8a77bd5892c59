import sharp from 'sharp';
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import { persons } from '../../db/schema/registry.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { volunteers } from '../../db/schema/volunteers.js';
import { microWishes } from '../../db/schema/wishes.js';
import { chinaTime, DemoTimeline, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { createFileStore } from '../../platform/fileStore.js';
import { upload } from '../files/files.service.js';
import { addDays, chinaDay } from '../gridwork/days.js';
import * as party from '../party/party.service.js';
import { returnOverdueWishes } from './deadline.job.js';
import * as wishes from './wishes.service.js';

/**
 * The micro-wish and 双报到 demo, driving the services on the demo clock. Over the last seven weeks: three volunteers
 * report as in-service party members and are confirmed, a unit pairs with the community, two service posts are taken
 * and service is logged and confirmed. Then grid workers post eight wishes for residents of the registry (a
 * 78-year-old living alone wants a walking stick, a child wants books, …), staff verify them by phone or home visit
 * (one is rejected, one still waits), volunteers and a party member claim them (one group of three), fulfil with a
 * photo and the grid worker confirms; one claimed wish passes its deadline and the job puts it back on the wall.
 * Skipped when a wish exists already.
 */
export interface WishesDemoResult {
  skipped: boolean;
  wishes: number;
  realised: number;
  returned: number;
  partyMembers: number;
  posts: number;
  serviceLogs: number;
}

const SKIPPED: WishesDemoResult = { skipped: true, wishes: 0, realised: 0, returned: 0, partyMembers: 0, posts: 0, serviceLogs: 0 };

type Who = 'elder' | 'child' | 'adult';
type Fate = 'realised' | 'group_realised' | 'party_realised' | 'fulfilled' | 'returned' | 'open' | 'pending' | 'rejected';

interface Template {
  who: Who;
  kind: 'goods' | 'service';
  title: string;
  description: string;
  value: number | null;
  fate: Fate;
  /** Posted this many days before the demo's end. */
  daysAgo: number;
  /** Days from posting to the deadline. */
  deadlineDays: number;
}

const TEMPLATES: Template[] = [
  { who: 'elder', kind: 'goods', title: '一根四脚助行拐杖', description: '78岁独居，腿脚不便，想要一根稳当的四脚拐杖', value: 80, fate: 'realised', daysAgo: 40, deadlineDays: 20 },
  { who: 'child', kind: 'goods', title: '想要几本课外书', description: '上小学三年级，喜欢科普和童话，想要几本课外书', value: 120, fate: 'group_realised', daysAgo: 34, deadlineDays: 20 },
  { who: 'elder', kind: 'service', title: '帮忙更换家里的灯泡', description: '厨房和卫生间灯泡坏了，自己够不着', value: null, fate: 'party_realised', daysAgo: 28, deadlineDays: 10 },
  { who: 'elder', kind: 'goods', title: '一台收音机', description: '眼睛不好看不了电视，想听广播', value: 150, fate: 'fulfilled', daysAgo: 16, deadlineDays: 20 },
  { who: 'elder', kind: 'service', title: '陪同去医院复查', description: '子女在外地，想请人陪同去医院复查', value: null, fate: 'returned', daysAgo: 12, deadlineDays: 5 },
  { who: 'child', kind: 'goods', title: '一个新书包', description: '书包背带断了，想要一个新书包', value: 90, fate: 'open', daysAgo: 8, deadlineDays: 30 },
  { who: 'adult', kind: 'goods', title: '冬季棉被一床', description: '家里暖气不热，想要一床厚棉被', value: 200, fate: 'pending', daysAgo: 2, deadlineDays: 20 },
  { who: 'elder', kind: 'service', title: '理发上门服务', description: '行动不便，想请人上门理发', value: null, fate: 'rejected', daysAgo: 6, deadlineDays: 14 },
];

interface Claimant {
  volunteerId: number;
  userId: number;
  username: string;
  communityId: number | null;
  party: boolean;
}

export async function seedWishesDemo(session: DemoSession, volunteerIds: number[]): Promise<WishesDemoResult> {
  const { ctx, clock, until } = session;
  const db = ctx.db;
  const [existing] = await db.select({ id: microWishes.id }).from(microWishes).limit(1);
  if (existing || volunteerIds.length === 0) return SKIPPED;
  const at = (daysAgo: number, hhmm: string) => clock.set(chinaTime(until, -daysAgo, hhmm));

  // Volunteers who can sign in claim; party members among them report first.
  const vols: Claimant[] = (
    await db
      .select({ volunteerId: volunteers.id, userId: users.id, username: users.username, communityId: volunteers.communityId, political: volunteers.politicalStatus })
      .from(volunteers)
      .innerJoin(users, eq(users.id, volunteers.userId))
      .where(and(inArray(volunteers.id, volunteerIds), eq(volunteers.status, 'active')))
      .orderBy(asc(volunteers.id))
  ).map((v) => ({ volunteerId: v.volunteerId, userId: v.userId, username: v.username, communityId: v.communityId, party: v.political === 'party_member' }));
  if (vols.length === 0) return SKIPPED;

  // The community: the first with staff and registry people, preferring the volunteers' own.
  const staffRows = await db
    .select({ communityId: roleAssignments.orgNodeId, username: users.username, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(and(eq(orgNodes.kind, 'community'), inArray(roleAssignments.role, ['community_staff', 'community_secretary'])))
    .orderBy(desc(sql`${roleAssignments.role} = 'community_staff'`), asc(roleAssignments.id));
  const preferred = [...new Set([...vols.map((v) => v.communityId), ...staffRows.map((s) => s.communityId)])].filter((c): c is number => c != null);
  let communityId: number | null = null;
  for (const c of preferred) {
    if (!staffRows.some((s) => s.communityId === c)) continue;
    const [one] = await db.select({ id: persons.id }).from(persons).where(and(eq(persons.communityId, c), isNotNull(persons.birthDate))).limit(1);
    if (one) {
      communityId = c;
      break;
    }
  }
  if (communityId == null) return SKIPPED;
  const staff = await session.person(staffRows.find((s) => s.communityId === communityId)!.username);

  const result: WishesDemoResult = { skipped: false, wishes: 0, realised: 0, returned: 0, partyMembers: 0, posts: 0, serviceLogs: 0 };

  // ------------------------------------------------------------ 双报到
  const partyVols = [...vols.filter((v) => v.party), ...vols.filter((v) => !v.party)].slice(0, 3);
  const memberOf = new Map<string, number>();
  at(48, '09:30');
  const employers = ['市供电公司', '区税务局', '市第一人民医院'];
  const branches = ['供电公司机关第一党支部', '区税务局第二党支部', '市一院门诊党支部'];
  for (const [i, v] of partyVols.entries()) {
    const me = await session.person(v.username);
    const reported = await party.report(ctx, me.principal, me.actor, { name: me.principal.displayName, communityId, employerName: employers[i]!, branch: branches[i]! });
    memberOf.set(v.username, reported.id);
  }
  at(47, '10:00');
  for (const id of memberOf.values()) await party.decideMember(ctx, staff.principal, staff.actor, id, 'confirmed', { note: '已核实党员身份' });
  result.partyMembers = memberOf.size;
  await party.addPairing(ctx, staff.principal, staff.actor, { communityId, unitName: employers[0]!, startsOn: addDays(chinaDay(clock.now()), 0), note: '结对共建：每月一次进社区志愿服务' });
  const preacher = await party.addPost(ctx, staff.principal, staff.actor, { communityId, title: '政策宣讲员', description: '向居民宣讲惠民政策和反诈知识', slots: 3 });
  const helper = await party.addPost(ctx, staff.principal, staff.actor, { communityId, title: '楼道长助理', description: '协助楼道长开展楼道清理和邻里走访', slots: 5 });
  result.posts = 2;
  at(46, '19:00');
  const posts = [preacher.id, helper.id];
  const people: DemoPerson[] = [];
  for (const [i, v] of partyVols.entries()) {
    const me = await session.person(v.username);
    people.push(me);
    await party.claimPost(ctx, me.principal, me.actor, posts[i % 2]!);
  }
  const tl = new DemoTimeline();
  const plan = (daysAgo: number, hhmm: string, run: () => Promise<void>) => tl.at(chinaTime(until, -daysAgo, hhmm), run);
  const contents = ['在小区广场宣讲养老保险政策', '协助清理楼道堆放杂物', '入户宣传冬季防火和反诈知识'];
  for (const [week, daysAgo] of [40, 26, 12].entries()) {
    plan(daysAgo, '20:00', async () => {
      for (const [i, me] of people.entries()) {
        await party.logService(ctx, me.principal, me.actor, { postId: posts[i % 2]!, serviceDate: addDays(chinaDay(clock.now()), -1), minutes: 90 + 30 * ((i + week) % 3), content: contents[(i + week) % 3]! });
        result.serviceLogs++;
      }
    });
    plan(daysAgo - 1, '09:00', async () => {
      const pending = await party.listLogs(ctx, staff.principal, { communityId: communityId!, status: 'pending', limit: 200, offset: 0 });
      for (const l of pending.items) await party.decideLog(ctx, staff.principal, staff.actor, l.id, 'confirmed', {});
    });
  }

  // ------------------------------------------------------------ 微心愿
  const day = chinaDay(until);
  const pick = async (who: Who, taken: Set<number>, claimantUsers: Set<number>) => {
    const cond =
      who === 'elder'
        ? sql`${persons.birthDate} <= ${addDays(day, -70 * 365)}::date`
        : who === 'child'
          ? sql`${persons.birthDate} > ${addDays(day, -13 * 365)}::date`
          : sql`${persons.birthDate} between ${addDays(day, -60 * 365)}::date and ${addDays(day, -25 * 365)}::date`;
    const rows = await db
      .select({ id: persons.id, gridId: persons.gridId, userId: persons.userId })
      .from(persons)
      .where(and(eq(persons.communityId, communityId!), cond))
      .orderBy(who === 'elder' ? desc(sql`${persons.gender} = 'female'`) : asc(persons.id), asc(persons.birthDate), asc(persons.id))
      .limit(40);
    // Not a person already wished for, nor one of the claimants themselves (nobody claims their own wish).
    return rows.find((r) => !taken.has(r.id) && (r.userId == null || !claimantUsers.has(r.userId))) ?? null;
  };
  const workers = await db
    .select({ gridId: roleAssignments.orgNodeId, username: users.username })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.role, 'grid_worker'))
    .orderBy(asc(roleAssignments.id));
  const store = createFileStore(ctx.config);
  let photoNo = 0;
  const photo = async (me: DemoPerson) => {
    photoNo++;
    const bytes = await sharp({ create: { width: 480, height: 360, channels: 3, background: { r: 200 - photoNo * 10, g: 120 + photoNo * 8, b: 90 } } })
      .jpeg()
      .toBuffer();
    const file = await upload(ctx, store, me.principal, me.actor, async () => ({ bytes, filename: `wish-${photoNo}.jpg`, nodeId: null }));
    return file.id;
  };

  const used = new Set<number>();
  const claimantUsers = new Set(vols.map((v) => v.userId));
  for (const t of TEMPLATES) {
    const person = (await pick(t.who, used, claimantUsers)) ?? (await pick('adult', used, claimantUsers)) ?? (await pick('elder', used, claimantUsers));
    if (!person) continue;
    used.add(person.id);
    const worker = workers.find((w) => w.gridId === person.gridId);
    const poster = worker ? await session.person(worker.username) : staff;
    let wishId = 0;
    let doer: DemoPerson | null = null;
    plan(t.daysAgo, '10:15', async () => {
      const posted = await wishes.postWish(ctx, poster.principal, poster.actor, {
        kind: t.kind,
        title: t.title,
        description: t.description,
        ...(t.value != null ? { estimatedValue: t.value } : {}),
        deadline: addDays(chinaDay(clock.now()), t.deadlineDays),
        totalShares: t.fate === 'group_realised' ? Math.min(3, vols.length) : 1,
        personId: person.id,
      });
      wishId = posted.id;
      result.wishes++;
    });
    if (t.fate === 'pending') continue;
    plan(t.daysAgo - 1, '15:00', async () => {
      if (t.fate === 'rejected') {
        await wishes.rejectWish(ctx, staff.principal, staff.actor, wishId, { method: 'phone', reason: '已纳入社区每月助老理发志愿活动，不再单独发布' });
        return;
      }
      await wishes.verifyWish(ctx, staff.principal, staff.actor, wishId, { method: t.who === 'child' ? 'phone' : 'home_visit', note: t.who === 'child' ? '电话联系家长核实' : '入户核实情况属实' });
    });
    if (t.fate === 'rejected' || t.fate === 'open') continue;
    const index = TEMPLATES.indexOf(t);
    plan(t.daysAgo - 2, '18:30', async () => {
      const claimers: { me: DemoPerson; as: 'volunteer' | 'party_member' }[] = [];
      if (t.fate === 'party_realised' && memberOf.size > 0) {
        claimers.push({ me: await session.person([...memberOf.keys()][0]!), as: 'party_member' });
      } else if (t.fate === 'group_realised') {
        for (const v of vols.slice(0, 3)) claimers.push({ me: await session.person(v.username), as: 'volunteer' });
      } else {
        claimers.push({ me: await session.person(vols[index % vols.length]!.username), as: 'volunteer' });
      }
      for (const c of claimers) await wishes.claimWish(ctx, c.me.principal, c.me.actor, wishId, { as: c.as, shares: 1 });
      doer = claimers[0]!.me;
    });
    if (t.fate === 'returned') {
      // The deadline job, the morning after the deadline passed unfulfilled.
      plan(t.daysAgo - t.deadlineDays - 1, '07:00', async () => {
        result.returned += await returnOverdueWishes(ctx, clock.now());
      });
      continue;
    }
    plan(t.daysAgo - 4, '16:00', async () => {
      const me = doer!;
      await wishes.fulfilWish(ctx, me.principal, me.actor, wishId, { photoIds: [await photo(me)], note: t.kind === 'goods' ? '已送到家中，当面签收' : '已上门完成服务' });
    });
    if (t.fate === 'fulfilled') continue;
    plan(t.daysAgo - 5, '11:00', async () => {
      await wishes.confirmWish(ctx, poster.principal, poster.actor, wishId, { note: '回访确认，居民很满意' });
      result.realised++;
    });
  }
  await tl.run(clock, until);
  clock.set(until);
  return result;
}
