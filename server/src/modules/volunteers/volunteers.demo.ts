import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { persons } from '../../db/schema/registry.js';
import { volunteers } from '../../db/schema/volunteers.js';
import { DAY_MS } from '../../platform/calendarDays.js';
import type { DemoPerson, DemoSession } from '../../platform/demo.js';
import { makeResidentId } from '../../platform/idNumber.js';
import { link } from '../accounts/confirm.service.js';
import { QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { addMember, applyToTeam, createTeam, decideMember, getTeam, joinByCode } from './teams.service.js';
import { issueCertificate } from './certificates.service.js';
import { registerVolunteer } from './volunteers.service.js';

/**
 * The volunteers demo: two months ago 保利社区 and 草原社区 started registering volunteers. Five residents with
 * accounts register themselves on their phones (王建国 first has his account linked to his registry record, so his
 * record is prefilled from it); the community staff register others — three registry residents and two more who
 * came to the office. The staff found 党员先锋队 and 红马甲志愿服务队 in 保利社区 and 暖心服务小分队 in 草原社区; members
 * join by invitation code or by asking, and the leaders approve. No hours are confirmed yet (activities are
 * another module's demo), so no certificate is issued. A second run finds the volunteers and adds nothing.
 */
export interface VolunteersDemoResult {
  skipped: boolean;
  volunteers: number;
  teams: number;
  /** Volunteer ids, for the activities, points and wishes demos. */
  volunteerIds: number[];
  /** Volunteer id by the demo account that registered themselves. */
  byUsername: Record<string, number>;
  /** Team id by name. */
  teamIds: Record<string, number>;
}

const EMPTY: VolunteersDemoResult = { skipped: true, volunteers: 0, teams: 0, volunteerIds: [], byUsername: {}, teamIds: {} };

async function communityNamed(db: Db, name: string) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select c.id from org_nodes c join org_nodes q on c.path <@ q.path where q.code = ${QINGSHAN_CODE} and c.kind = 'community' and c.name = ${name} order by c.id limit 1`,
  );
  return row ? Number(row.id) : undefined;
}

/** Residents with accounts who register themselves: birth date for their ID number, skills, categories. */
const SELF = [
  { username: 'baoli.wangjg', birth: null, skills: ['水电维修'], categories: ['elderly_care', 'public_safety'], political: 'party_member' },
  { username: 'resident.baoli', birth: '1958-04-16', skills: ['剪纸', '广场舞'], categories: ['culture', 'elderly_care'], political: 'party_member' },
  { username: 'resident.caoyuan', birth: '1941-12-08', skills: ['蒙古语'], categories: ['civility'], political: 'masses' },
  { username: 'caoyuan.nars', birth: '1986-09-21', skills: ['蒙古语', '手机教学'], categories: ['digital_help', 'elderly_care'], political: 'league_member' },
  { username: 'caoyuan.liuyang', birth: '1995-02-11', skills: ['驾驶', '急救'], categories: ['emergency', 'environment'], political: 'party_member' },
] as const;

/** Came to the office without an account. */
const WALK_IN = [
  { community: '保利社区', name: '韩志刚', birth: '1979-07-30', mobile: '13904720151', skills: ['理发'], categories: ['elderly_care'], political: 'party_member' },
  { community: '保利社区', name: '苏日娜', birth: '2001-05-18', mobile: '13904720152', skills: ['英语', '辅导功课'], categories: ['children'], political: 'league_member' },
  { community: '草原社区', name: '白晓东', birth: '1990-10-03', mobile: '13904720153', skills: ['电脑维修'], categories: ['digital_help'], political: 'masses' },
  { community: '草原社区', name: '吴桂珍', birth: '1962-01-27', mobile: '13904720154', skills: ['缝纫'], categories: ['elderly_care', 'civility'], political: 'party_member' },
] as const;

export async function seedVolunteersDemo(s: DemoSession): Promise<VolunteersDemoResult> {
  const db = s.ctx.db;
  const baoli = await communityNamed(db, '保利社区');
  const caoyuan = await communityNamed(db, '草原社区');
  if (!baoli || !caoyuan) return EMPTY;
  const [existing] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.communityId, baoli)).limit(1);
  if (existing) return EMPTY;

  const result: VolunteersDemoResult = { skipped: false, volunteers: 0, teams: 0, volunteerIds: [], byUsername: {}, teamIds: {} };
  const staff: Record<string, DemoPerson> = { 保利社区: await s.person('baoli.staff'), 草原社区: await s.person('caoyuan.staff') };
  const start = new Date(s.until.getTime() - 60 * DAY_MS);
  s.clock.set(start);
  const step = (minutes: number) => s.clock.set(new Date(s.clock.now().getTime() + minutes * 60_000));

  // 王建国's account is linked to his registry record first: his volunteer record is then prefilled and linked.
  const wang = await s.person('baoli.wangjg');
  const [wangPerson] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.name, '王建国'), eq(persons.communityId, baoli), isNull(persons.userId)))
    .limit(1);
  if (wangPerson) await link(s.ctx, staff['保利社区']!.principal, staff['保利社区']!.actor, wang.principal.userId, wangPerson.id);

  let seq = 400;
  for (const r of SELF) {
    step(95);
    const who = await s.person(r.username);
    const id = await registerVolunteer(
      s.ctx,
      who.principal,
      who.actor,
      {
        name: who.principal.displayName,
        nodeId: who.principal.homeNodeId,
        ...(r.birth ? { idKind: 'resident_id' as const, idNumber: makeResidentId('150204', r.birth, (seq += 2)) } : {}),
        skills: [...r.skills],
        serviceCategories: [...r.categories],
        politicalStatus: r.political,
      },
      true,
    );
    result.byUsername[r.username] = id;
    result.volunteerIds.push(id);
  }

  // Staff register three residents of 保利社区's registry (their ID numbers come from the registry) …
  const registryPeople = await queryRows<{ id: number; name: string; nodeId: number }>(
    db,
    sql`select p.id, p.name, h.node_id as "nodeId" from persons p join households h on h.id = p.household_id
        where p.community_id = ${baoli} and p.user_id is null and p.id_hash is not null and p.living_status = 'present'
          and p.birth_date between '1960-01-01' and '2004-01-01'
          and not exists (select 1 from volunteers v where v.person_id = p.id or v.id_hash = p.id_hash)
        order by p.id limit 3`,
  );
  for (const p of registryPeople) {
    step(40);
    const id = await registerVolunteer(
      s.ctx,
      staff['保利社区']!.principal,
      staff['保利社区']!.actor,
      { name: p.name, nodeId: Number(p.nodeId), personId: Number(p.id), skills: ['环境清洁'], serviceCategories: ['environment'], politicalStatus: 'masses' },
      false,
    );
    result.volunteerIds.push(id);
  }
  // … and those who came to the office.
  for (const r of WALK_IN) {
    step(30);
    const who = staff[r.community]!;
    const id = await registerVolunteer(
      s.ctx,
      who.principal,
      who.actor,
      {
        name: r.name,
        nodeId: r.community === '保利社区' ? baoli : caoyuan,
        idKind: 'resident_id',
        idNumber: makeResidentId('150204', r.birth, (seq += 2)),
        mobile: r.mobile,
        skills: [...r.skills],
        serviceCategories: [...r.categories],
        politicalStatus: r.political,
      },
      false,
    );
    result.volunteerIds.push(id);
  }
  result.volunteers = result.volunteerIds.length;

  // Teams, a week later.
  s.clock.set(new Date(start.getTime() + 7 * DAY_MS));
  const teamSpecs = [
    { name: '党员先锋队', kind: 'party_vanguard', community: '保利社区', joinMode: 'approval', description: '社区在职党员、退休党员组成，每月至少开展一次服务' },
    { name: '红马甲志愿服务队', kind: 'red_vest', community: '保利社区', joinMode: 'code', description: '环境整治、文明劝导、应急值守' },
    { name: '暖心服务小分队', kind: 'warm_service', community: '草原社区', joinMode: 'approval', description: '走访独居老人，代购送药，陪伴聊天' },
  ] as const;
  const codes: Record<string, string> = {};
  for (const t of teamSpecs) {
    step(20);
    const who = staff[t.community]!;
    const team = await createTeam(s.ctx, who.principal, who.actor, { nodeId: t.community === '保利社区' ? baoli : caoyuan, name: t.name, kind: t.kind, joinMode: t.joinMode, description: t.description });
    result.teamIds[t.name] = team.id;
    codes[t.name] = team.inviteCode ?? '';
  }
  result.teams = teamSpecs.length;

  const vols = result.byUsername;
  const baoliStaff = staff['保利社区']!;
  const caoyuanStaff = staff['草原社区']!;
  // Leaders, named by the staff.
  step(15);
  await addMember(s.ctx, baoliStaff.principal, baoliStaff.actor, result.teamIds['党员先锋队']!, vols['baoli.wangjg']!, 'leader');
  await addMember(s.ctx, baoliStaff.principal, baoliStaff.actor, result.teamIds['红马甲志愿服务队']!, vols['baoli.wangjg']!, 'member');
  await addMember(s.ctx, caoyuanStaff.principal, caoyuanStaff.actor, result.teamIds['暖心服务小分队']!, vols['caoyuan.nars']!, 'leader');
  for (const id of result.volunteerIds.slice(SELF.length, SELF.length + registryPeople.length)) {
    await addMember(s.ctx, baoliStaff.principal, baoliStaff.actor, result.teamIds['红马甲志愿服务队']!, id, 'member');
  }
  // 李桂兰 joins 红马甲 by its code, and asks to join 党员先锋队; 王建国, its leader, approves the next morning.
  step(60 * 5);
  const li = await s.person('resident.baoli');
  await joinByCode(s.ctx, li.principal, li.actor, codes['红马甲志愿服务队']!);
  await applyToTeam(s.ctx, li.principal, li.actor, result.teamIds['党员先锋队']!);
  step(60 * 14);
  // The leader sees the request in the team's member list.
  const vanguard = await getTeam(s.ctx, wang.principal, result.teamIds['党员先锋队']!);
  const liRow = vanguard.members.find((m) => m.volunteerId === vols['resident.baoli'] && m.status === 'pending');
  if (!liRow) throw new Error('volunteers demo: 李桂兰’s request is not in 党员先锋队');
  await decideMember(s.ctx, wang.principal, wang.actor, result.teamIds['党员先锋队']!, liRow.id, true);
  // In 草原社区, 刘洋 and 张秀英 ask to join 暖心服务小分队; 娜仁花 approves 刘洋, 张秀英's request is still waiting.
  const nars = await s.person('caoyuan.nars');
  for (const username of ['caoyuan.liuyang', 'resident.caoyuan']) {
    step(45);
    const who = await s.person(username);
    await applyToTeam(s.ctx, who.principal, who.actor, result.teamIds['暖心服务小分队']!);
  }
  step(120);
  const warmTeam = await getTeam(s.ctx, nars.principal, result.teamIds['暖心服务小分队']!);
  const liu = warmTeam.members.find((m) => m.volunteerId === vols['caoyuan.liuyang'] && m.status === 'pending');
  if (!liu) throw new Error('volunteers demo: 刘洋’s request is not in 暖心服务小分队');
  await decideMember(s.ctx, nars.principal, nars.actor, result.teamIds['暖心服务小分队']!, liu.id, true);
  return result;
}

/**
 * After the activities demo confirmed hours: 保利社区 issues a service certificate (志愿服务证明) to the volunteer who
 * served longest, so the console's certificate list, its print page and the public verification page have one.
 */
export async function seedCertificateDemo(s: DemoSession): Promise<{ serial: string | null }> {
  const baoli = await communityNamed(s.ctx.db, '保利社区');
  if (!baoli) return { serial: null };
  const [top] = await queryRows<{ id: number }>(
    s.ctx.db,
    sql`select v.id from volunteers v where v.community_id = ${baoli} and v.confirmed_minutes > 0
          and not exists (select 1 from volunteer_certificates c where c.volunteer_id = v.id)
        order by v.confirmed_minutes desc, v.id limit 1`,
  );
  if (!top) return { serial: null };
  const staff = await s.person('baoli.staff');
  s.clock.set(new Date(s.until.getTime() - 2 * DAY_MS));
  const cert = await issueCertificate(s.ctx, staff.principal, staff.actor, {
    volunteerId: Number(top.id),
    nodeId: baoli,
    responsiblePerson: '张书记',
    handler: staff.principal.displayName,
    contact: '0472-5123456',
  });
  return { serial: cert.serial };
}
