import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/platform.js';
import { hourEntries, volunteers } from '../../db/schema/volunteers.js';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { addHousehold, addPerson } from '../../../test/registryRows.js';
import { requestWorld, type World } from '../../../test/requests.js';
import { finalizeDue } from './recognitions.service.js';
import { numbersBelowCounters, teamsAndPlacesConsistent, volunteersRegistered } from './volunteers.invariants.js';

let t: TestApp;
let w: World;
const DAY = 86_400_000;

/** A resident ID with a correct GB 11643 check character. */
function residentId(birth: string, seq: number): string {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const badId = (id: string) => id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');

const ID_A = residentId('19850312', 123); // male (odd sequence)
const ID_A2 = residentId('19900720', 246);
const ids = {} as Record<'a' | 'a2' | 'staffMade', number>;

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'VL');
});

afterAll(async () => {
  await t?.close();
});

const selfBody = (extra: Record<string, unknown> = {}) => ({
  name: '张三',
  idKind: 'resident_id',
  idNumber: ID_A,
  mobile: '13800138001',
  nodeId: w.tree.gridA1.id,
  skills: ['摄影', '驾驶'],
  serviceCategories: ['elderly_care'],
  politicalStatus: 'party_member',
  ...extra,
});

async function confirmHours(volunteerId: number, nodeId: number, day: string, minutes: number, content: string) {
  const db = t.database.db;
  // One record holds at most a day (1440 minutes): long totals are several records.
  for (let left = minutes; left > 0; left -= 1200) {
    await db.insert(hourEntries).values({ volunteerId, nodeId, serviceDate: day, minutes: Math.min(left, 1200), content, status: 'confirmed', recordedAt: t.clock.now() });
  }
  await db.update(volunteers).set({ confirmedMinutes: sql`${volunteers.confirmedMinutes} + ${minutes}` }).where(eq(volunteers.id, volunteerId));
}

describe('registration', () => {
  it('refuses a bad ID number with 400 and registers with a valid one, issuing a number and masking', async () => {
    const bad = await w.api('residentA', 'POST', '/volunteers/me', selfBody({ idNumber: badId(ID_A) }));
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('id_number_invalid');
    const malformed = await w.api('residentA', 'POST', '/volunteers/me', selfBody({ idNumber: '12345' }));
    expect(malformed.statusCode).toBe(400);

    const res = await w.api('residentA', 'POST', '/volunteers/me', selfBody());
    expect(res.statusCode).toBe(201);
    const v = res.json();
    ids.a = v.id;
    expect(v.volunteerNo).toBe(`V${w.tree.communityA.id}-000001`);
    expect(v.idNumber).toBe(`**************${ID_A.slice(-4)}`);
    expect(v.mobile).toBe('138****8001');
    expect(v.birthDate).toBe('1985-03-12');
    expect(v.gender).toBe('male');
    expect(v.userId).toBe(w.id.residentA);
    expect(res.body).not.toContain(ID_A);
    expect(res.body).not.toContain('13800138001');

    const again = await w.api('residentA', 'POST', '/volunteers/me', selfBody({ idNumber: ID_A2 }));
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('volunteer_already_registered');
  });

  it('refuses a duplicate ID number', async () => {
    const dup = await w.api('residentA2', 'POST', '/volunteers/me', selfBody({ name: '李四', mobile: '13800138002' }));
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('volunteer_duplicate');
    const staffDup = await w.api('staffA', 'POST', '/volunteers', selfBody({ name: '王某', mobile: undefined }));
    expect(staffDup.statusCode).toBe(409);
    expect(errorCode(staffDup)).toBe('volunteer_duplicate');
  });

  it('links the registry person of the account and prefills from it', async () => {
    const household = await addHousehold(t.database.db, { nodeId: w.tree.unitA1.id, gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id }, t.clock.now());
    const person = await addPerson(t.database.db, { name: '李四', household, userId: w.id.residentA2 }, t.clock.now());
    const mine = (await w.api('residentA2', 'GET', '/volunteers/me')).json();
    expect(mine.volunteer).toBeNull();
    expect(mine.prefill.personId).toBe(person.id);
    expect(mine.prefill.name).toBe('李四');
    expect(mine.prefill.nodeId).toBe(w.tree.unitA1.id);
    const res = await w.api('residentA2', 'POST', '/volunteers/me', { name: '李四', idNumber: ID_A2, nodeId: w.tree.unitA1.id });
    expect(res.statusCode).toBe(201);
    ids.a2 = res.json().id;
    expect(res.json().personId).toBe(person.id);
    expect(res.json().volunteerNo).toBe(`V${w.tree.communityA.id}-000002`);
  });

  it('staff register with volunteers.manage; a read-only grid worker gets 403, another community 404', async () => {
    const body = { name: '赵六', nodeId: w.tree.gridA1.id, mobile: '13900139000' };
    expect((await w.api('gridA1', 'POST', '/volunteers', body)).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', '/volunteers', body)).statusCode).toBe(404);
    expect((await w.api('residentB', 'POST', '/volunteers/me', { ...body, nodeId: w.tree.gridA1.id })).statusCode).toBe(404);
    const res = await w.api('staffA', 'POST', '/volunteers', body);
    expect(res.statusCode).toBe(201);
    ids.staffMade = res.json().id;

    // A registry resident: only staff who may read them in the registry can link them.
    const household = await addHousehold(t.database.db, { nodeId: w.tree.unitA1.id, gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id }, t.clock.now());
    const person = await addPerson(t.database.db, { name: '钱七', household }, t.clock.now());
    expect((await w.api('staffB', 'POST', '/volunteers', { name: '钱七', nodeId: w.tree.communityB.id, personId: person.id })).statusCode).toBe(404);
    const linked = await w.api('staffA', 'POST', '/volunteers', { name: '钱七', nodeId: w.tree.unitA1.id, personId: person.id });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().personId).toBe(person.id);
    expect(errorCode(await w.api('staffA', 'POST', '/volunteers', { name: '钱七', nodeId: w.tree.unitA1.id, personId: person.id }))).toBe('volunteer_person_taken');
  });

  it('issues unique, never reused numbers under concurrent registrations', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => w.api('staffA', 'POST', '/volunteers', { name: `并发${i}`, nodeId: w.tree.gridA2.id })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const numbers = results.map((r) => r.json().volunteerNo as string);
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(seqs).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('search, scope and masking', () => {
  it('finds by name and pinyin within scope; other subtrees see nothing', async () => {
    const byName = (await w.api('staffA', 'GET', `/volunteers?q=${encodeURIComponent('张')}`)).json();
    expect(byName.items.map((i: { id: number }) => i.id)).toContain(ids.a);
    const byPinyin = (await w.api('staffA', 'GET', '/volunteers?q=zhangsan')).json();
    expect(byPinyin.items.map((i: { id: number }) => i.id)).toEqual([ids.a]);
    const byInitials = (await w.api('gridA1', 'GET', '/volunteers?q=zs')).json();
    expect(byInitials.items.map((i: { id: number }) => i.id)).toContain(ids.a);
    const byId = (await w.api('staffA', 'GET', `/volunteers?q=${ID_A}`)).json();
    expect(byId.items.map((i: { id: number }) => i.id)).toEqual([ids.a]);
    expect(JSON.stringify(byId)).not.toContain(ID_A);
    const other = (await w.api('staffB', 'GET', '/volunteers?q=zhangsan')).json();
    expect(other.items).toEqual([]);
    expect((await w.api('staffB', 'GET', `/volunteers/${ids.a}`)).statusCode).toBe(404);
    expect((await w.api('gridA2', 'GET', `/volunteers/${ids.a}`)).statusCode).toBe(404);
    expect((await w.api('residentA2', 'GET', `/volunteers/${ids.a}`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/volunteers/${ids.a}`)).statusCode).toBe(200);
    expect((await w.api('gridA1', 'GET', `/volunteers/${ids.a}`)).statusCode).toBe(200);
    expect((await w.api('residentA', 'GET', '/volunteers')).statusCode).toBe(403);
  });

  it('the full view needs personal.view_full and a reason, and is audited', async () => {
    expect((await w.api('gridA1', 'POST', `/volunteers/${ids.a}/full-view`, { reason: '核实身份信息' })).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', `/volunteers/${ids.a}/full-view`, { reason: '核实身份信息' })).statusCode).toBe(404);
    const short = await w.api('staffA', 'POST', `/volunteers/${ids.a}/full-view`, { reason: '看看' });
    expect(short.statusCode).toBe(400);
    expect(errorCode(short)).toBe('reason_required');
    const full = await w.api('staffA', 'POST', `/volunteers/${ids.a}/full-view`, { reason: '出具证明前核实身份' });
    expect(full.statusCode).toBe(200);
    expect(full.json()).toEqual({ idNumber: ID_A, mobile: '13800138001', fields: ['id_number', 'mobile'] });
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.view_full'), eq(auditLog.objectId, String(ids.a))));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUserId).toBe(w.id.staffA);
    expect(audits[0]!.details).toMatchObject({ reason: '出具证明前核实身份' });
  });
});

describe('corrections and history', () => {
  it('a volunteer asks, staff approve; every change is kept with the ID masked', async () => {
    const req = await w.api('residentA', 'POST', '/volunteers/me/corrections', { changes: { mobile: '13700137000', skills: ['摄影'] }, reason: '换了手机号' });
    expect(req.statusCode).toBe(201);
    const correctionId = req.json().id;
    const second = await w.api('residentA', 'POST', '/volunteers/me/corrections', { changes: { name: '张叁' }, reason: '名字写错' });
    expect(errorCode(second)).toBe('correction_pending');
    const nothing = await w.api('residentA2', 'POST', '/volunteers/me/corrections', { changes: { name: '李四' }, reason: '没有变化' });
    expect(errorCode(nothing)).toBe('nothing_to_change');

    const queue = (await w.api('staffA', 'GET', '/volunteers/corrections')).json();
    expect(queue.items.map((c: { id: number }) => c.id)).toContain(correctionId);
    expect((await w.api('staffB', 'GET', '/volunteers/corrections')).json().items).toEqual([]);
    expect((await w.api('staffB', 'POST', `/volunteers/corrections/${correctionId}/approve`, {})).statusCode).toBe(404);
    expect((await w.api('gridA1', 'POST', `/volunteers/corrections/${correctionId}/approve`, {})).statusCode).toBe(403);
    const ok = await w.api('staffA', 'POST', `/volunteers/corrections/${correctionId}/approve`, { note: '已核实' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect(errorCode(await w.api('staffA', 'POST', `/volunteers/corrections/${correctionId}/reject`, {}))).toBe('correction_decided');
    const v = (await w.api('residentA', 'GET', '/volunteers/me')).json().volunteer;
    expect(v.mobile).toBe('137****7000');
    expect(v.skills).toEqual(['摄影']);

    const newId = residentId('19850312', 135);
    const edit = await w.api('staffA', 'PATCH', `/volunteers/${ids.a}`, { idNumber: newId, reason: '证件号录入错误' });
    expect(edit.statusCode).toBe(200);
    const history = await w.api('residentA', 'GET', `/volunteers/${ids.a}/changes`);
    expect(history.statusCode).toBe(200);
    const items = history.json().items as { kind: string; fields: string[]; changes: Record<string, { old: string; new: string }>; changedBy: string }[];
    expect(items.map((i) => i.kind)).toEqual(['edit', 'correction', 'register']);
    expect(items[1]!.fields.sort()).toEqual(['mobile', 'skills']);
    expect(items[1]!.changes.mobile).toEqual({ old: '138****8001', new: '137****7000' });
    expect(items[1]!.changedBy).toBe('社工A');
    expect(items[0]!.changes.idNumber).toEqual({ old: `**************${ID_A.slice(-4)}`, new: `**************${newId.slice(-4)}` });
    expect(history.body).not.toContain(ID_A);
    expect(history.body).not.toContain(newId);
    expect(history.body).not.toContain('13700137000');
  });

  it('sets the status with a reason and keeps it in the history', async () => {
    expect((await w.api('gridA1', 'POST', `/volunteers/${ids.staffMade}/status`, { status: 'suspended', reason: '暂停服务一段时间' })).statusCode).toBe(403);
    const res = await w.api('staffA', 'POST', `/volunteers/${ids.staffMade}/status`, { status: 'suspended', reason: '暂停服务一段时间' });
    expect(res.json().status).toBe('suspended');
    expect(errorCode(await w.api('staffA', 'POST', `/volunteers/${ids.staffMade}/status`, { status: 'suspended', reason: '再次暂停服务' }))).toBe('status_unchanged');
    const hist = (await w.api('staffA', 'GET', `/volunteers/${ids.staffMade}/changes`)).json().items;
    expect(hist[0]).toMatchObject({ kind: 'status', changes: { status: { old: 'active', new: 'suspended' } } });
  });
});

describe('teams', () => {
  let teamId: number;
  let code: string;
  it('staff create a team; join by code is active at once, by request needs a leader or staff', async () => {
    expect((await w.api('gridA1', 'POST', '/volunteer-teams', { nodeId: w.tree.gridA1.id, name: '红马甲志愿服务队', kind: 'red_vest' })).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', '/volunteer-teams', { nodeId: w.tree.communityA.id, name: '红马甲志愿服务队', kind: 'red_vest' })).statusCode).toBe(404);
    const res = await w.api('staffA', 'POST', '/volunteer-teams', { nodeId: w.tree.communityA.id, name: '红马甲志愿服务队', kind: 'red_vest', joinMode: 'approval' });
    expect(res.statusCode).toBe(201);
    teamId = res.json().id;
    code = res.json().inviteCode;
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(errorCode(await w.api('staffA', 'POST', '/volunteer-teams', { nodeId: w.tree.communityA.id, name: '红马甲志愿服务队', kind: 'red_vest' }))).toBe('team_name_taken');

    const joined = await w.api('residentA', 'POST', '/volunteer-teams/join', { code: code.toLowerCase() });
    expect(joined.statusCode).toBe(200);
    expect(joined.json().inviteCode).toBeNull();
    expect(errorCode(await w.api('residentA', 'POST', '/volunteer-teams/join', { code }))).toBe('already_member');
    expect(errorCode(await w.api('residentB', 'POST', '/volunteer-teams/join', { code }))).toBe('not_a_volunteer');

    const applied = await w.api('residentA2', 'POST', `/volunteer-teams/${teamId}/apply`);
    expect(applied.statusCode).toBe(200);
    const detail = (await w.api('staffA', 'GET', `/volunteer-teams/${teamId}`)).json();
    const pending = detail.members.find((m: { volunteerId: number }) => m.volunteerId === ids.a2);
    expect(pending.status).toBe('pending');
    const mineA = detail.members.find((m: { volunteerId: number }) => m.volunteerId === ids.a);
    expect(mineA.status).toBe('active');
    // A plain member may not approve; make them a leader, then they may.
    expect((await w.api('residentA', 'POST', `/volunteer-teams/${teamId}/members/${pending.id}/approve`)).statusCode).toBe(403);
    expect((await w.api('gridA1', 'POST', `/volunteer-teams/${teamId}/members/${pending.id}/approve`)).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/volunteer-teams/${teamId}/members/${mineA.id}/role`, { role: 'leader' })).statusCode).toBe(200);
    const approved = await w.api('residentA', 'POST', `/volunteer-teams/${teamId}/members/${pending.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().members.find((m: { id: number }) => m.id === pending.id).status).toBe('active');
    expect(errorCode(await w.api('staffA', 'POST', `/volunteer-teams/${teamId}/members/${pending.id}/reject`))).toBe('member_not_pending');
    expect(approved.json().memberCount).toBe(2);
    const me = (await w.api('residentA2', 'GET', '/volunteers/me')).json().volunteer;
    expect(me.teams).toEqual([expect.objectContaining({ teamId, status: 'active', role: 'member' })]);
  });

  it('a suspended volunteer cannot join; rotating the code retires the old one; members leave; dissolving ends it', async () => {
    const suspended = await w.api('staffA', 'GET', `/volunteers/${ids.staffMade}`);
    expect(suspended.json().status).toBe('suspended');
    const rotated = await w.api('staffA', 'POST', `/volunteer-teams/${teamId}/rotate-code`);
    expect(rotated.json().inviteCode).not.toBe(code);
    expect(errorCode(await w.api('residentA2', 'POST', '/volunteer-teams/join', { code }))).toBe('invite_code_unknown');
    expect((await w.api('residentA2', 'POST', `/volunteer-teams/${teamId}/leave`)).statusCode).toBe(200);
    expect(errorCode(await w.api('residentA2', 'POST', `/volunteer-teams/${teamId}/leave`))).toBe('not_member');
    expect((await w.api('residentA2', 'GET', `/volunteer-teams/${teamId}`)).statusCode).toBe(404);
    const dissolved = await w.api('staffA', 'POST', `/volunteer-teams/${teamId}/dissolve`);
    expect(dissolved.statusCode).toBe(200);
    expect(dissolved.json().dissolvedAt).not.toBeNull();
    expect(dissolved.json().members).toEqual([]);
    expect((await w.api('staffA', 'GET', '/volunteer-teams')).json().items.map((x: { id: number }) => x.id)).not.toContain(teamId);
  });
});

describe('teams under concurrency', () => {
  it('the same volunteer joining by code many times at once becomes one member', async () => {
    const team = (await w.api('staffA', 'POST', '/volunteer-teams', { nodeId: w.tree.communityA.id, name: '暖心服务小分队', kind: 'warm_service', joinMode: 'code' })).json();
    const results = await Promise.all(Array.from({ length: 6 }, () => w.api('residentA2', 'POST', '/volunteer-teams/join', { code: team.inviteCode })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'already_member')).toBe(true);
    const detail = (await w.api('staffA', 'GET', `/volunteer-teams/${team.id}`)).json();
    expect(detail.members.filter((m: { volunteerId: number }) => m.volunteerId === ids.a2)).toHaveLength(1);
    expect(errorCode(await w.api('residentA2', 'POST', `/volunteer-teams/${team.id}/apply`))).toBe('team_code_only');
  });
});

describe('stars', () => {
  it('uses the defaults, a region override, and the most specific setting up the tree', async () => {
    await confirmHours(ids.a2, w.tree.communityA.id, '2026-11-02', 150 * 60, '陪伴独居老人');
    let v = (await w.api('staffA', 'GET', `/volunteers/${ids.a2}`)).json();
    expect(v.starInfo).toMatchObject({ stars: 1, hours: 150, thresholdsHours: [100, 300, 600, 1000, 1500], settingNodeId: null, nextStar: 2, hoursToNext: 150, progressPercent: 25 });

    const body = { nodeId: w.tree.town.id, thresholdsHours: [20, 50, 100, 150, 200] };
    expect((await w.api('staffA', 'PUT', '/volunteers/star-settings', { ...body, nodeId: w.tree.communityA.id })).statusCode).toBe(403);
    expect((await w.api('staffB', 'PUT', '/volunteers/star-settings', { ...body, nodeId: w.tree.communityA.id })).statusCode).toBe(404);
    const bad = await w.api('town', 'PUT', '/volunteers/star-settings', { ...body, thresholdsHours: [20, 10, 100, 150, 200] });
    expect(errorCode(bad)).toBe('star_thresholds_invalid');
    expect((await w.api('town', 'PUT', '/volunteers/star-settings', body)).statusCode).toBe(200);
    v = (await w.api('staffA', 'GET', `/volunteers/${ids.a2}`)).json();
    expect(v.starInfo).toMatchObject({ stars: 4, settingNodeId: w.tree.town.id, nextStar: 5, hoursToNext: 50 });
    expect(v.stars).toBe(4);

    expect((await w.api('secA', 'PUT', '/volunteers/star-settings', { nodeId: w.tree.communityA.id, thresholdsHours: [200, 300, 400, 500, 600] })).statusCode).toBe(200);
    v = (await w.api('residentA2', 'GET', '/volunteers/me')).json().volunteer;
    expect(v.starInfo).toMatchObject({ stars: 0, settingNodeId: w.tree.communityA.id, nextStar: 1, hoursToNext: 50, progressPercent: 75 });
    const setting = (await w.api('staffB', 'GET', `/volunteers/star-settings?nodeId=${w.tree.communityB.id}`)).json();
    expect(setting).toMatchObject({ settingNodeId: w.tree.town.id, thresholdsHours: [20, 50, 100, 150, 200], isDefault: false });
    expect((await w.api('secA', 'DELETE', `/volunteers/star-settings/${w.tree.communityA.id}`)).json().settingNodeId).toBe(w.tree.town.id);
    await w.api('town', 'DELETE', `/volunteers/star-settings/${w.tree.town.id}`);
  });
});

describe('recognition lists', () => {
  it('drafts by a bar, publishes for a notice period with objections, then becomes final; the public list is masked', async () => {
    await confirmHours(ids.a, w.tree.communityA.id, '2026-11-05', 10 * 60, '社区环境整治');
    await confirmHours(ids.a, w.tree.communityA.id, '2025-11-05', 60 * 60, '去年的服务');
    const body = { nodeId: w.tree.communityA.id, title: '2026年度优秀志愿者', periodStart: '2026-01-01', periodEnd: '2026-12-31', minHours: 100 };
    expect((await w.api('gridA1', 'POST', '/recognitions', { ...body, nodeId: w.tree.gridA1.id })).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', '/recognitions', body)).statusCode).toBe(404);
    expect(errorCode(await w.api('staffA', 'POST', '/recognitions', { ...body, periodEnd: '2025-12-31' }))).toBe('period_invalid');
    const res = await w.api('staffA', 'POST', '/recognitions', body);
    expect(res.statusCode).toBe(201);
    const rec = res.json();
    expect(rec.status).toBe('draft');
    expect(rec.entries.map((e: { volunteerId: number }) => e.volunteerId)).toEqual([ids.a2]);
    const edited = await w.api('staffA', 'PUT', `/recognitions/${rec.id}/entries`, { volunteerIds: [ids.a2, ids.a] });
    expect(edited.json().entries).toEqual([
      expect.objectContaining({ volunteerId: ids.a2, hours: 150 }),
      expect.objectContaining({ volunteerId: ids.a, hours: 10 }),
    ]);
    expect(errorCode(await w.api('residentA', 'POST', `/recognitions/${rec.id}/objections`, { content: '有异议' }))).toBe('recognition_not_in_notice');
    const pub = await w.api('staffA', 'POST', `/recognitions/${rec.id}/publish`);
    expect(pub.json().status).toBe('notice');
    expect(new Date(pub.json().noticeEndsAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);
    expect(errorCode(await w.api('staffA', 'PUT', `/recognitions/${rec.id}/entries`, { volunteerIds: [ids.a] }))).toBe('recognition_not_draft');
    expect((await w.api('residentA', 'POST', `/recognitions/${rec.id}/objections`, { content: '该志愿者时长有误', volunteerId: ids.a2 })).statusCode).toBe(200);
    expect((await w.api('residentB', 'POST', `/recognitions/${rec.id}/objections`, { content: '有异议' })).statusCode).toBe(404);

    const pubList = await t.app.inject({ method: 'GET', url: `/api/v1/public/recognitions?nodeId=${w.tree.communityA.id}` });
    expect(pubList.statusCode).toBe(200);
    const listed = pubList.json().items.find((i: { id: number }) => i.id === rec.id);
    expect(listed.entries.map((e: { name: string }) => e.name)).toEqual(['李*', '张*']);
    expect(pubList.body).not.toContain('李四');
    expect(pubList.body).not.toContain('张三');

    t.clock.advance(7 * DAY - 60_000);
    await w.relogin('staffA', 'residentA');
    expect((await w.api('staffA', 'GET', `/recognitions/${rec.id}`)).json().status).toBe('notice');
    t.clock.advance(2 * 60_000);
    expect(await finalizeDue(t.database.db, new Date(t.clock.now().getTime() - 120_000))).toBe(0);
    const fin = (await w.api('staffA', 'GET', `/recognitions/${rec.id}`)).json();
    expect(fin.status).toBe('final');
    expect(fin.objections).toHaveLength(1);
    expect(errorCode(await w.api('residentA', 'POST', `/recognitions/${rec.id}/objections`, { content: '迟到的异议' }))).toBe('recognition_not_in_notice');
  });
});

describe('certificates', () => {
  let serial: string;
  let certId: number;
  it('refuses without confirmed hours; issues with what the rules require', async () => {
    await w.relogin();
    const body = { volunteerId: ids.staffMade, nodeId: w.tree.communityA.id, responsiblePerson: '王书记', handler: '社工A', contact: '0472-1234567' };
    expect(errorCode(await w.api('staffA', 'POST', '/certificates', body))).toBe('certificate_no_hours');
    const forA = { ...body, volunteerId: ids.a, periodStart: '2026-01-01', periodEnd: '2026-12-31' };
    expect((await w.api('gridA1', 'POST', '/certificates', { ...forA, nodeId: w.tree.gridA1.id })).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', '/certificates', { ...forA, nodeId: w.tree.communityB.id })).statusCode).toBe(404);
    const res = await w.api('staffA', 'POST', '/certificates', forA);
    expect(res.statusCode).toBe(201);
    const c = res.json();
    serial = c.serial;
    certId = c.id;
    expect(c).toMatchObject({ volunteerName: '张三', hours: 10, totalMinutes: 600, serviceContent: '社区环境整治', issuer: w.tree.communityA.name, responsiblePerson: '王书记', handler: '社工A' });
    expect(c.idMasked).toMatch(/^\*{14}\w{4}$/);
    expect(c.serial).toMatch(/^ZYFW-\d{8}-[A-Z2-9]{8}$/);
    const all = await w.api('staffA', 'POST', '/certificates', { ...forA, periodStart: undefined, periodEnd: undefined });
    expect(all.json().hours).toBe(70);
    expect(all.json().serviceContent).toBe('社区环境整治；去年的服务');
    const mine = (await w.api('residentA', 'GET', '/certificates/mine')).json();
    expect(mine.items).toHaveLength(2);
    expect((await w.api('residentA', 'GET', `/certificates/${certId}`)).statusCode).toBe(200);
    const qr = (await w.api('residentA', 'GET', `/certificates/${certId}/qr`)).json();
    expect(qr.verifyUrl).toMatch(new RegExp(`/m/verify/${c.serial}$`));
    expect(qr.svg).toContain('<svg');
    expect((await w.api('residentA2', 'GET', `/certificates/${certId}`)).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/certificates/${certId}`)).statusCode).toBe(404);
  });

  it('the public page confirms it without sign-in and shows only what the certificate prints', async () => {
    const fullView = (await w.api('staffA', 'POST', `/volunteers/${ids.a}/full-view`, { reason: '核对证明信息' })).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${serial}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['hours', 'idMasked', 'issuedOn', 'issuer', 'periodEnd', 'periodStart', 'revokedOn', 'serial', 'valid', 'volunteerName']);
    expect(body).toMatchObject({ valid: true, volunteerName: '张*', hours: 10, issuer: w.tree.communityA.name });
    expect(res.body).not.toContain(fullView.idNumber);
    expect(res.body).not.toContain(fullView.mobile);
    expect(res.body).not.toContain('1985-03-12');
    expect(res.body).not.toContain('19850312');
    expect(res.body).not.toContain('张三');
    expect(res.body).not.toContain('0472-1234567');

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/certificates/ZYFW-20260101-AAAAAAAA' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/certificates/x' })).statusCode).toBe(400);

    expect((await w.api('gridA1', 'POST', `/certificates/${certId}/revoke`, { reason: '时长有误' })).statusCode).toBe(404);
    expect((await w.api('residentA', 'POST', `/certificates/${certId}/revoke`, { reason: '时长有误' })).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/certificates/${certId}/revoke`, { reason: '时长有误' })).json().revokeReason).toBe('时长有误');
    expect(errorCode(await w.api('staffA', 'POST', `/certificates/${certId}/revoke`, { reason: '再次作废' }))).toBe('certificate_revoked');
    const revoked = (await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${serial}` })).json();
    expect(revoked.valid).toBe(false);
    expect(revoked.revokedOn).not.toBeNull();
  });

  it('rate-limits the public look-up', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/public/certificates/ZYFW-20260101-BBBBBBBB', remoteAddress: '10.9.9.9' })).statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.slice(0, 20).every((c) => c === 404)).toBe(true);
  });
});

describe('invariants', () => {
  it('hold after everything above', async () => {
    const db = t.database.db;
    expect(await volunteersRegistered(db)).toEqual([]);
    expect(await numbersBelowCounters(db)).toEqual([]);
    expect(await teamsAndPlacesConsistent(db)).toEqual([]);
  });
});
