import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyPosts } from '../../db/schema/party.js';
import { activities, hourEntries } from '../../db/schema/volunteers.js';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { addHousehold, addPerson } from '../../../test/registryRows.js';
import { requestWorld, type World } from '../../../test/requests.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { addDays, chinaDay } from '../gridwork/days.js';
import { periodOf } from './party.service.js';

let t: TestApp;
let w: World;
let volunteerB: number;
const members: { token: string; userId: number }[] = [];
/** A resident holding their role at community B itself: the community is visible to them, not manageable. */
let communityResident = '';
const ids = {} as Record<'memberB' | 'memberA' | 'preacher' | 'helper', number>;
const today = () => chinaDay(t.clock.now());

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'PM');
  volunteerB = await insertVolunteer(t.database.db, { name: '王五', nodeId: w.tree.gridB1.id, communityId: w.tree.communityB.id, userId: w.id.residentB, politicalStatus: 'party_member' });
  await createUser(t.database.db, { username: 'pm_cres', homeNodeId: w.tree.communityB.id, roles: [{ role: 'resident', orgNodeId: w.tree.communityB.id }] });
  communityResident = await loginAs(t.app, 'pm_cres', TEST_PASSWORD);
  for (let i = 0; i < 3; i++) {
    const u = await createUser(t.database.db, { username: `pm_m${i}`, homeNodeId: w.tree.gridB1.id, displayName: `党员${i}`, roles: [{ role: 'resident', orgNodeId: w.tree.gridB1.id }] });
    members.push({ userId: u.id, token: await loginAs(t.app, `pm_m${i}`, TEST_PASSWORD) });
  }
});

afterAll(async () => {
  await t?.close();
});

const asResident = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(communityResident), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
const asMember = (i: number, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(members[i]!.token), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

describe('reporting and confirmation', () => {
  it('a member reports to the community they live in; staff of that community confirm', async () => {
    const reported = await w.api('residentB', 'POST', '/party/report', { name: '王五', employerNodeId: w.department.id, branch: '城管办第一党支部' });
    expect(reported.statusCode).toBe(201);
    expect(reported.json()).toMatchObject({ status: 'pending', community: { id: w.tree.communityB.id }, employerName: 'PM街道城管办', volunteerId: null });
    ids.memberB = reported.json().id;
    expect(errorCode(await w.api('residentB', 'POST', '/party/report', { name: '王五', employerName: '别的单位', branch: '支部' }))).toBe('party_already_reported');
    expect(errorCode(await w.api('residentA', 'POST', '/party/report', { name: '张三', branch: '支部' }))).toBe('party_employer_required');
    const a = await w.api('residentA', 'POST', '/party/report', { name: '张三', employerName: '市税务局', branch: '市税务局机关第二党支部', mobile: '13800138001' });
    expect(a.statusCode).toBe(201);
    ids.memberA = a.json().id;

    const listA = (await w.api('staffA', 'GET', '/party/members')).json();
    expect(listA.items.map((m: { id: number }) => m.id)).toEqual([ids.memberA]);
    expect(listA.items[0].mobile).toBe('138****8001');
    expect((await asResident('GET', `/party/members?communityId=${w.tree.communityB.id}`)).statusCode).toBe(403);
    expect((await w.api('gridB1', 'GET', `/party/members?communityId=${w.tree.communityB.id}`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'GET', `/party/members?communityId=${w.tree.communityB.id}`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/party/members/${ids.memberB}/confirm`, {})).statusCode).toBe(404);
    expect((await asResident('POST', `/party/members/${ids.memberB}/confirm`, {})).statusCode).toBe(403);
    const confirmed = await w.api('staffB', 'POST', `/party/members/${ids.memberB}/confirm`, {});
    expect(confirmed.statusCode).toBe(200);
    // The member's own volunteer record is linked at confirmation.
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', volunteerId: volunteerB });
    expect(errorCode(await w.api('staffB', 'POST', `/party/members/${ids.memberB}/confirm`, {}))).toBe('party_not_pending');
    expect(errorCode(await w.api('staffA', 'POST', `/party/members/${ids.memberA}/reject`, {}))).toBe('party_reason_required');
    for (let i = 0; i < 3; i++) {
      const r = await asMember(i, 'POST', '/party/report', { name: `党员${i}`, employerName: '市供电公司', branch: '供电公司党委' });
      await w.api('staffB', 'POST', `/party/members/${r.json().id}/confirm`, {});
    }
  });

  it('pairs a unit with a community', async () => {
    const pairing = await w.api('staffB', 'POST', '/party/pairings', { communityId: w.tree.communityB.id, unitNodeId: w.department.id, startsOn: '2026-01-01', note: '结对共建' });
    expect(pairing.statusCode).toBe(201);
    expect(pairing.json().unitName).toBe('PM街道城管办');
    expect(errorCode(await w.api('staffB', 'POST', '/party/pairings', { communityId: w.tree.communityB.id, unitName: 'PM街道城管办', startsOn: '2026-02-01' }))).toBe('party_pairing_exists');
    expect(errorCode(await w.api('staffB', 'POST', '/party/pairings', { communityId: w.tree.gridB1.id, unitName: 'X', startsOn: '2026-02-01' }))).toBe('party_community_required');
    expect((await w.api('staffA', 'POST', '/party/pairings', { communityId: w.tree.communityB.id, unitName: 'X', startsOn: '2026-02-01' })).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/party/pairings?communityId=${w.tree.communityB.id}`)).json().items).toHaveLength(1);
  });
});

describe('posts and service', () => {
  it('publishes posts; confirmed members take them, places held under concurrency', async () => {
    const preacher = await w.api('staffB', 'POST', '/party/posts', { communityId: w.tree.communityB.id, title: '政策宣讲员', slots: 2 });
    expect(preacher.statusCode).toBe(201);
    ids.preacher = preacher.json().id;
    ids.helper = (await w.api('staffB', 'POST', '/party/posts', { communityId: w.tree.communityB.id, title: '楼道长助理', slots: 5 })).json().id;
    expect((await w.api('residentB', 'GET', `/party/posts?communityId=${w.tree.communityB.id}`)).json().items).toHaveLength(2);
    expect((await w.api('residentA', 'GET', `/party/posts?communityId=${w.tree.communityB.id}`)).statusCode).toBe(404);
    expect(errorCode(await w.api('residentA', 'POST', `/party/posts/${ids.preacher}/claim`))).toBe('party_not_confirmed');

    expect((await w.api('residentB', 'POST', `/party/posts/${ids.preacher}/claim`)).json()).toMatchObject({ taken: 1, mine: true });
    expect(errorCode(await w.api('residentB', 'POST', `/party/posts/${ids.preacher}/claim`))).toBe('party_post_already_claimed');
    const race = await Promise.all([0, 1, 2].map((i) => asMember(i, 'POST', `/party/posts/${ids.preacher}/claim`)));
    expect(race.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(race.filter((r) => errorCode(r) === 'party_post_full')).toHaveLength(2);
    const [post] = await t.database.db.select().from(partyPosts).where(eq(partyPosts.id, ids.preacher));
    expect(post!.taken).toBe(2);
  });

  it('edits, closes and reopens a post; places never drop below those taken', async () => {
    expect(errorCode(await w.api('staffB', 'PATCH', `/party/posts/${ids.preacher}`, { slots: 1 }))).toBe('party_post_slots_below_taken');
    expect((await w.api('staffA', 'PATCH', `/party/posts/${ids.helper}`, { status: 'closed' })).statusCode).toBe(404);
    expect((await w.api('staffB', 'PATCH', `/party/posts/${ids.helper}`, {})).statusCode).toBe(400);
    const closed = await w.api('staffB', 'PATCH', `/party/posts/${ids.helper}`, { status: 'closed', title: '楼道长助理（冬季）' });
    expect(closed.json()).toMatchObject({ status: 'closed', title: '楼道长助理（冬季）', slots: 5 });
    expect(errorCode(await asMember(0, 'POST', `/party/posts/${ids.helper}/claim`))).toBe('party_post_full');
    expect((await asMember(0, 'GET', `/party/posts?communityId=${w.tree.communityB.id}`)).json().items.map((x: { id: number }) => x.id)).not.toContain(ids.helper);
    expect((await w.api('staffB', 'PATCH', `/party/posts/${ids.helper}`, { status: 'open', title: '楼道长助理' })).json()).toMatchObject({ status: 'open' });
  });

  it('logs service on a held post; staff confirm or reject it', async () => {
    expect(errorCode(await w.api('residentB', 'POST', '/party/logs', { postId: ids.helper, serviceDate: today(), minutes: 60, content: '楼道清理' }))).toBe('party_post_not_held');
    expect(errorCode(await w.api('residentB', 'POST', '/party/logs', { postId: ids.preacher, serviceDate: addDays(today(), 1), minutes: 60, content: '宣讲' }))).toBe('party_log_in_future');
    expect((await w.api('residentB', 'POST', '/party/logs', { postId: ids.preacher, serviceDate: today(), minutes: 0, content: '宣讲' })).statusCode).toBe(400);
    const one = await w.api('residentB', 'POST', '/party/logs', { postId: ids.preacher, serviceDate: addDays(today(), -1), minutes: 120, content: '社区政策宣讲' });
    expect(one.statusCode).toBe(201);
    const two = await w.api('residentB', 'POST', '/party/logs', { postId: ids.preacher, serviceDate: addDays(today(), -1), minutes: 600, content: '重复填报' });
    expect((await asResident('POST', `/party/logs/${one.json().id}/confirm`, {})).statusCode).toBe(403);
    expect((await w.api('staffA', 'POST', `/party/logs/${one.json().id}/confirm`, {})).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/party/logs?communityId=${w.tree.communityB.id}&status=pending`)).json().items).toHaveLength(2);
    expect((await w.api('staffB', 'POST', `/party/logs/${one.json().id}/confirm`, {})).json().status).toBe('confirmed');
    expect((await w.api('staffB', 'POST', `/party/logs/${two.json().id}/reject`, { note: '重复' })).json().status).toBe('rejected');
    expect(errorCode(await w.api('staffB', 'POST', `/party/logs/${two.json().id}/confirm`, {}))).toBe('party_log_decided');
    const me = (await w.api('residentB', 'GET', '/party/me')).json();
    expect(me.member.status).toBe('confirmed');
    expect(me.posts.find((p: { id: number }) => p.id === ids.preacher).mine).toBe(true);
    expect(me.logs.map((l: { status: string }) => l.status).sort()).toEqual(['confirmed', 'rejected']);
    expect((await w.api('residentA2', 'GET', '/party/me')).json().member).toBeNull();
  });
});

describe('service cards', () => {
  it('counts confirmed service, activities of the linked volunteer record and wishes claimed as a party member', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const act = async (title: string, day: string) => {
      const starts = new Date(`${day}T09:00:00+08:00`);
      const [a] = await db
        .insert(activities)
        .values({ nodeId: w.tree.communityB.id, communityId: w.tree.communityB.id, title, category: 'elderly_care', startsAt: starts, endsAt: new Date(starts.getTime() + 7_200_000), capacity: 10, signupDeadline: starts, checkinToken: `tok-${title}`, createdAt: now, updatedAt: now })
        .returning();
      return a!.id;
    };
    const entry = async (activityId: number, day: string, minutes: number, status: 'confirmed' | 'pending') =>
      db.insert(hourEntries).values({ volunteerId: volunteerB, activityId, nodeId: w.tree.communityB.id, communityId: w.tree.communityB.id, serviceDate: day, minutes, status, recordedAt: now });
    const inQuarter = await act('助老理发', '2026-02-10');
    await entry(inQuarter, '2026-02-10', 90, 'confirmed');
    await entry(await act('敬老院包饺子', '2026-02-20'), '2026-02-20', 60, 'pending');
    await entry(await act('清明文明祭扫', '2026-04-05'), '2026-04-05', 45, 'confirmed');
    await entry(await act('冬季扫雪', '2025-12-20'), '2025-12-20', 30, 'confirmed');

    // A wish in community A claimed by the member as a party member.
    const h = await addHousehold(db, { nodeId: w.tree.unitA1.id, gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id }, now);
    const person = await addPerson(db, { name: '孙桂兰', household: h }, now);
    const wish = await w.api('gridA1', 'POST', '/wishes', { kind: 'goods', title: '一台电暖器', deadline: addDays(today(), 20), personId: person.id });
    await w.api('staffA', 'POST', `/wishes/${wish.json().id}/verify`, { method: 'home_visit', note: '属实' });
    expect((await w.api('residentB', 'POST', `/wishes/${wish.json().id}/claim`, { as: 'party_member' })).json().claims[0].claimantKind).toBe('party_member');

    const q1 = await w.api('staffB', 'GET', `/party/cards?communityId=${w.tree.communityB.id}&year=2026&quarter=1`);
    expect(q1.statusCode).toBe(200);
    expect(q1.json().period).toEqual({ from: '2026-01-01', to: '2026-03-31', label: '2026年第1季度' });
    const card = q1.json().items.find((c: { memberId: number }) => c.memberId === ids.memberB);
    expect(card).toMatchObject({ name: '王五', employerName: 'PM街道城管办', posts: ['政策宣讲员'], serviceCount: 1, serviceMinutes: 120, activityCount: 1, activityMinutes: 90, wishCount: 1, totalMinutes: 210 });
    expect(q1.json().items).toHaveLength(4);
    const year = (await w.api('staffB', 'GET', `/party/cards?communityId=${w.tree.communityB.id}&year=2026`)).json();
    expect(year.items.find((c: { memberId: number }) => c.memberId === ids.memberB)).toMatchObject({ activityCount: 2, activityMinutes: 135, serviceMinutes: 120 });
    expect((await w.api('staffB', 'GET', `/party/cards?communityId=${w.tree.communityB.id}&year=2026&quarter=2`)).json().items.find((c: { memberId: number }) => c.memberId === ids.memberB)).toMatchObject({ serviceMinutes: 0, activityMinutes: 45, wishCount: 0 });

    const file = await w.api('staffB', 'GET', `/party/cards/export?communityId=${w.tree.communityB.id}&year=2026&quarter=1`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const wang = rows.find((r) => r[1] === '王五')!;
    expect(wang.slice(1)).toEqual(['王五', 'PM街道城管办', '城管办第一党支部', '政策宣讲员', 1, 2, 1, 1.5, 1, 3.5]);

    expect((await asResident('GET', `/party/cards?communityId=${w.tree.communityB.id}&year=2026`)).statusCode).toBe(403);
    expect((await w.api('staffA', 'GET', `/party/cards/export?communityId=${w.tree.communityB.id}&year=2026`)).statusCode).toBe(404);
  });

  it('periods', () => {
    expect(periodOf(2026, 4)).toEqual({ from: '2026-10-01', to: '2027-01-01', label: '2026年第4季度' });
    expect(periodOf(2026, undefined)).toEqual({ from: '2026-01-01', to: '2027-01-01', label: '2026年' });
  });
});
