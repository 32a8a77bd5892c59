import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema/platform.js';
import { persons } from '../../db/schema/registry.js';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../../db/schema/volunteers.js';
import { microWishes, wishClaims } from '../../db/schema/wishes.js';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { uploadPhoto } from '../../../test/files.js';
import { addHousehold, addPerson } from '../../../test/registryRows.js';
import { requestWorld, type World } from '../../../test/requests.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { addDays, chinaDay } from '../gridwork/days.js';
import { RETURN_EXTENSION_DAYS, returnOverdueWishes, WISH_DEADLINE_JOB } from './deadline.job.js';
import { wishSharesMatchClaims, wishTimelinesMatch } from './wishes.invariants.js';
import { publicNameOf } from './wishes.service.js';

let t: TestApp;
let w: World;
const DAY = 86_400_000;
let grandma: number;
let childPerson: number;
const today = () => chinaDay(t.clock.now());

/** Extra signed-in volunteers for concurrent claims. */
const extra: { token: string; userId: number; username: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'WS');
  const db = t.database.db;
  const now = t.clock.now();
  const h = await addHousehold(db, { nodeId: w.tree.unitA1.id, gridId: w.tree.gridA1.id, communityId: w.tree.communityA.id, door: '301' }, now);
  grandma = (await addPerson(db, { name: '李秀英', household: h }, now)).id;
  await db.update(persons).set({ gender: 'female', birthDate: '1948-03-02', mobile: '13912345678', registeredAddress: '保利小区1号楼301室' }).where(eq(persons.id, grandma));
  childPerson = (await addPerson(db, { name: '赵小明', household: h }, now)).id;
  await db.update(persons).set({ gender: 'male', birthDate: '2017-06-01' }).where(eq(persons.id, childPerson));
  // residentA2 (李四) is linked to a registry person; residentB and residentA are volunteers.
  await addPerson(db, { name: '李四', household: h, userId: w.id.residentA2 }, now);
  await insertVolunteer(db, { name: '王五', nodeId: w.tree.gridB1.id, communityId: w.tree.communityB.id, userId: w.id.residentB });
  await insertVolunteer(db, { name: '张三', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, userId: w.id.residentA });
  for (let i = 0; i < 6; i++) {
    const u = await createUser(db, { username: `ws_vol${i}`, homeNodeId: w.tree.gridB1.id, displayName: `志愿者${i}`, roles: [{ role: 'resident', orgNodeId: w.tree.gridB1.id }] });
    await insertVolunteer(db, { name: `志愿者${i}`, nodeId: w.tree.gridB1.id, communityId: w.tree.communityB.id, userId: u.id });
    extra.push({ userId: u.id, username: `ws_vol${i}`, token: await loginAs(t.app, `ws_vol${i}`, TEST_PASSWORD) });
  }
});

afterAll(async () => {
  await t?.close();
});

const asExtra = (i: number, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(extra[i]!.token), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function publishedWish(extraBody: Record<string, unknown> = {}, personId = grandma) {
  const posted = await w.api('gridA1', 'POST', '/wishes', { kind: 'goods', title: '一根拐杖', description: '腿脚不便，想要一根四脚拐杖', estimatedValue: 80, deadline: addDays(today(), 10), personId, ...extraBody });
  expect(posted.statusCode).toBe(201);
  const id = posted.json().id as number;
  const verified = await w.api('staffA', 'POST', `/wishes/${id}/verify`, { method: 'phone', note: '电话核实属实' });
  expect(verified.statusCode).toBe(200);
  return id;
}

describe('public names', () => {
  it('keeps only the family name and a kinship word or stars', () => {
    expect(publicNameOf('李秀英', 'female', '1948-03-02', '2026-12-01')).toBe('李奶奶');
    expect(publicNameOf('王建国', 'male', '1950-01-01', '2026-12-01')).toBe('王爷爷');
    expect(publicNameOf('赵小明', 'male', '2017-06-01', '2026-12-01')).toBe('赵小朋友');
    expect(publicNameOf('王建国', 'male', '1990-01-01', '2026-12-01')).toBe('王**');
    expect(publicNameOf('王建国', null, null, '2026-12-01')).toBe('王**');
  });
});

describe('the wish lifecycle', () => {
  it('posted by a grid worker, verified, claimed, fulfilled with a photo, confirmed', async () => {
    const posted = await w.api('gridA1', 'POST', '/wishes', { kind: 'goods', title: '一根拐杖', description: '独居，想要一根四脚拐杖', estimatedValue: 80, deadline: addDays(today(), 10), personId: grandma });
    expect(posted.statusCode).toBe(201);
    const wish = posted.json();
    expect(wish.status).toBe('pending');
    expect(wish.publicName).toBe('李奶奶');
    expect(wish.private.recipientName).toBe('李秀英');
    const id = wish.id as number;

    // Pending: not on the wall, and not there for other residents.
    expect((await w.api('residentB', 'GET', '/wishes')).json().items.map((x: { id: number }) => x.id)).not.toContain(id);
    expect((await w.api('residentB', 'GET', `/wishes/${id}`)).statusCode).toBe(404);
    // A grid worker may post but not verify (403); another community's staff: 404.
    expect((await w.api('gridA1', 'POST', `/wishes/${id}/verify`, { method: 'phone', note: '核实' })).statusCode).toBe(403);
    expect((await w.api('staffB', 'POST', `/wishes/${id}/verify`, { method: 'phone', note: '核实' })).statusCode).toBe(404);
    const verified = await w.api('staffA', 'POST', `/wishes/${id}/verify`, { method: 'home_visit', note: '入户核实，老人独居' });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().status).toBe('published');
    expect(errorCode(await w.api('staffA', 'POST', `/wishes/${id}/verify`, { method: 'phone', note: '再次' }))).toBe('wish_not_open');

    const wall = await w.api('residentB', 'GET', `/wishes?nodeId=${w.tree.communityA.id}`);
    expect(wall.statusCode).toBe(200);
    const card = wall.json().items.find((x: { id: number }) => x.id === id);
    expect(card).toMatchObject({ publicName: '李奶奶', title: '一根拐杖', community: { id: w.tree.communityA.id }, claimable: true });

    // Someone without a volunteer record cannot claim as a volunteer.
    expect(errorCode(await w.api('gridB1', 'POST', `/wishes/${id}/claim`, { as: 'volunteer' }))).toBe('wish_claimant_invalid');
    const claimed = await w.api('residentB', 'POST', `/wishes/${id}/claim`, { as: 'volunteer' });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ claimedShares: 1, claimable: false, me: { canFulfil: true } });
    expect(claimed.json().private).toBeNull();
    expect(claimed.json().claims[0]).toMatchObject({ claimantKind: 'volunteer', claimantName: '志愿者王*', shares: 1 });

    // Only a claimant fulfils, with a photo.
    const photo = await uploadPhoto(t.app, w.token.residentB);
    expect((await w.api('residentA', 'POST', `/wishes/${id}/fulfil`, { photoIds: [photo.id] })).statusCode).toBe(403);
    expect((await w.api('residentB', 'POST', `/wishes/${id}/fulfil`, { photoIds: [] })).statusCode).toBe(400);
    const fulfilled = await w.api('residentB', 'POST', `/wishes/${id}/fulfil`, { photoIds: [photo.id], note: '已送到老人家中' });
    expect(fulfilled.statusCode).toBe(200);
    expect(fulfilled.json()).toMatchObject({ status: 'fulfilled', photoIds: [photo.id] });
    // The photo is readable by the claimant and the grid worker, not by an unrelated resident.
    expect((await w.api('gridA1', 'GET', `/files/${photo.id}`)).statusCode).toBe(200);
    expect((await w.api('residentA', 'GET', `/files/${photo.id}`)).statusCode).toBe(404);

    // The resident or their grid worker confirms; nobody else.
    expect((await w.api('residentA', 'POST', `/wishes/${id}/confirm`, {})).statusCode).toBe(403);
    expect((await w.api('gridA2', 'POST', `/wishes/${id}/confirm`, {})).statusCode).toBe(403);
    const confirmed = await w.api('gridA1', 'POST', `/wishes/${id}/confirm`, { note: '老人很满意' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('realised');
    expect(confirmed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['posted', 'verified', 'claimed', 'fulfilled', 'confirmed']);
    // Staff see who acted by name; the public timeline only masked labels.
    const staffView = (await w.api('staffA', 'GET', `/wishes/${id}`)).json();
    expect(staffView.timeline[0].who).toBe('网格员甲');
    const publicView = (await w.api('residentA', 'GET', `/wishes/${id}`)).json();
    expect(publicView.timeline[0].who).toBe('网***');
    expect(JSON.stringify(publicView)).not.toContain('李秀英');
  });

  it('a resident posts for themselves; staff may reject with a reason', async () => {
    const posted = await w.api('residentA2', 'POST', '/wishes', { kind: 'service', title: '帮忙修水龙头', deadline: addDays(today(), 5) });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().publicName).toBe('李*');
    expect(posted.json().private.personId).not.toBeNull();
    const rejected = await w.api('staffA', 'POST', `/wishes/${posted.json().id}/reject`, { method: 'phone', reason: '已由物业维修' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', private: { rejectReason: '已由物业维修' } });
    expect((await w.api('residentA2', 'GET', `/wishes/${posted.json().id}`)).json().status).toBe('rejected');
    expect(errorCode(await w.api('staffA', 'POST', `/wishes/${posted.json().id}/reject`, { reason: '' }))).toBe('validation_failed');
  });

  it('refuses bad deadlines and posting for a person outside the caller’s grid', async () => {
    expect(errorCode(await w.api('gridA1', 'POST', '/wishes', { kind: 'goods', title: '书', deadline: today(), personId: childPerson }))).toBe('wish_deadline_invalid');
    expect((await w.api('gridA2', 'POST', '/wishes', { kind: 'goods', title: '书', deadline: addDays(today(), 3), personId: childPerson })).statusCode).toBe(404);
    expect((await w.api('staffB', 'POST', '/wishes', { kind: 'goods', title: '书', deadline: addDays(today(), 3), personId: childPerson })).statusCode).toBe(404);
    expect((await w.api('residentB', 'POST', '/wishes', { kind: 'goods', title: '书', deadline: addDays(today(), 3), personId: childPerson })).statusCode).toBe(404);
  });
});

describe('the wall keeps the resident private', () => {
  it('shows only the public name, the wish, the community and the deadline', async () => {
    const id = await publishedWish({ title: '想要几本课外书', kind: 'goods' }, childPerson);
    const res = await w.api('residentB', 'GET', '/wishes?open=true&limit=100');
    const body = res.body;
    const card = res.json().items.find((x: { id: number }) => x.id === id);
    expect(card.publicName).toBe('赵小朋友');
    expect(Object.keys(card).sort()).toEqual(['claimable', 'claimedShares', 'community', 'deadline', 'description', 'estimatedValue', 'id', 'kind', 'publicName', 'status', 'title', 'totalShares']);
    for (const secret of ['李秀英', '赵小明', '13912345678', '保利小区1号楼301室', 'personId', 'recipientName']) expect(body).not.toContain(secret);
  });
});

describe('claim refusals', () => {
  it('refuses one’s own wish, a wish posted for oneself, and a fulfilled wish', async () => {
    const forLi = await w.api('residentA2', 'POST', '/wishes', { kind: 'goods', title: '一台收音机', deadline: addDays(today(), 7) });
    const id = forLi.json().id as number;
    await w.api('staffA', 'POST', `/wishes/${id}/verify`, { method: 'phone', note: '属实' });
    expect(errorCode(await w.api('residentA2', 'POST', `/wishes/${id}/claim`, { as: 'volunteer' }))).toBe('wish_own');
    // The grid worker who posted one cannot claim it either.
    const byGrid = await publishedWish();
    expect(errorCode(await w.api('gridA1', 'POST', `/wishes/${byGrid}/claim`, { as: 'volunteer' }))).toBe('wish_own');

    const done = await publishedWish({ title: '一袋米' });
    expect((await w.api('residentA', 'POST', `/wishes/${done}/claim`, { as: 'volunteer' })).statusCode).toBe(200);
    const photo = await uploadPhoto(t.app, w.token.residentA);
    expect((await w.api('residentA', 'POST', `/wishes/${done}/fulfil`, { photoIds: [photo.id] })).statusCode).toBe(200);
    expect(errorCode(await w.api('residentB', 'POST', `/wishes/${done}/claim`, { as: 'volunteer' }))).toBe('wish_fulfilled');
    expect(errorCode(await w.api('residentA', 'POST', `/wishes/${done}/fulfil`, { photoIds: [photo.id] }))).toBe('wish_fulfilled');
  });

  it('refuses a fully claimed wish and a second claim by the same person', async () => {
    const id = await publishedWish({ title: '冬衣', totalShares: 2 });
    expect((await w.api('residentA', 'POST', `/wishes/${id}/claim`, { as: 'volunteer', shares: 1 })).statusCode).toBe(200);
    expect(errorCode(await w.api('residentA', 'POST', `/wishes/${id}/claim`, { as: 'volunteer', shares: 1 }))).toBe('wish_already_claimed');
    expect(errorCode(await w.api('residentB', 'POST', `/wishes/${id}/claim`, { as: 'volunteer', shares: 2 }))).toBe('wish_shares_unavailable');
    // Not all shares held: no one can mark it fulfilled yet.
    const photo = await uploadPhoto(t.app, w.token.residentA);
    expect(errorCode(await w.api('residentA', 'POST', `/wishes/${id}/fulfil`, { photoIds: [photo.id] }))).toBe('wish_not_fully_claimed');
    expect((await w.api('residentB', 'POST', `/wishes/${id}/claim`, { as: 'volunteer' })).json().claimedShares).toBe(2);
    expect(errorCode(await asExtra(0, 'POST', `/wishes/${id}/claim`, { as: 'volunteer' }))).toBe('wish_fully_claimed');
  });

  it('a team claims by its leader; a unit by someone holding a role there, or staff for a unit outside', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const [team] = await db.insert(volunteerTeams).values({ nodeId: w.tree.communityB.id, name: '红马甲服务队', kind: 'red_vest', createdAt: now, updatedAt: now }).returning();
    const [leaderVolunteer] = await db.select().from(volunteers).where(eq(volunteers.userId, extra[5]!.userId));
    await db.insert(volunteerTeamMembers).values({ teamId: team!.id, volunteerId: leaderVolunteer!.id, role: 'leader', status: 'active', requestedAt: now });
    const id = await publishedWish({ title: '打扫卫生', kind: 'service', totalShares: 3 });
    expect(errorCode(await asExtra(4, 'POST', `/wishes/${id}/claim`, { as: 'team', teamId: team!.id, shares: 1 }))).toBe('wish_claimant_invalid');
    const byTeam = await asExtra(5, 'POST', `/wishes/${id}/claim`, { as: 'team', teamId: team!.id, shares: 1 });
    expect(byTeam.statusCode).toBe(200);
    expect(byTeam.json().claims[0]).toMatchObject({ claimantKind: 'team', claimantName: '红马甲服务队' });
    const byDept = await w.api('dept', 'POST', `/wishes/${id}/claim`, { as: 'unit', unitNodeId: w.department.id, shares: 1 });
    expect(byDept.statusCode).toBe(200);
    expect(errorCode(await w.api('residentB', 'POST', `/wishes/${id}/claim`, { as: 'unit', unitNodeId: w.department.id }))).toBe('wish_claimant_invalid');
    expect((await w.api('residentB', 'POST', `/wishes/${id}/claim`, { as: 'unit', unitName: '市供电公司' })).statusCode).toBe(403);
    const byStaff = await w.api('staffA', 'POST', `/wishes/${id}/claim`, { as: 'unit', unitName: '市供电公司' });
    expect(byStaff.statusCode).toBe(200);
    expect(byStaff.json().claims.map((c: { claimantName: string }) => c.claimantName)).toEqual(['红马甲服务队', 'WS街道城管办', '市供电公司']);
  });

  it('holds the whole under concurrent claims', async () => {
    const id = await publishedWish({ title: '轮椅', totalShares: 3 });
    const results = await Promise.all(extra.map((_, i) => asExtra(i, 'POST', `/wishes/${id}/claim`, { as: 'volunteer', shares: 1 })));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(errorCode(r)).toBe('wish_fully_claimed');
    }
    const [row] = await t.database.db.select().from(microWishes).where(eq(microWishes.id, id));
    expect(row!.claimedShares).toBe(3);
    const claims = await t.database.db.select().from(wishClaims).where(and(eq(wishClaims.wishId, id), eq(wishClaims.status, 'active')));
    expect(claims.reduce((s, c) => s + c.shares, 0)).toBe(3);

    // Two groups of two shares racing for a wish of three: one wins.
    const id2 = await publishedWish({ title: '助浴服务', kind: 'service', totalShares: 3 });
    const pair = await Promise.all([asExtra(0, 'POST', `/wishes/${id2}/claim`, { as: 'volunteer', shares: 2 }), asExtra(1, 'POST', `/wishes/${id2}/claim`, { as: 'volunteer', shares: 2 })]);
    expect(pair.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(errorCode(pair.find((r) => r.statusCode === 409)!)).toBe('wish_shares_unavailable');
  });
});

describe('deadlines', () => {
  it('refuses claims after the deadline, and the job returns a claimed wish to the wall once', async () => {
    const late = await publishedWish({ title: '一床棉被', deadline: addDays(today(), 2) });
    const returned = await publishedWish({ title: '一箱牛奶', deadline: addDays(today(), 2), totalShares: 2 });
    expect((await w.api('residentB', 'POST', `/wishes/${returned}/claim`, { as: 'volunteer', shares: 1 })).statusCode).toBe(200);
    expect((await asExtra(2, 'POST', `/wishes/${returned}/claim`, { as: 'volunteer', shares: 1 })).statusCode).toBe(200);

    t.clock.advance(3 * DAY);
    await w.relogin('residentB', 'staffA', 'residentA');
    for (const e of extra) e.token = await loginAs(t.app, e.username, TEST_PASSWORD);
    expect(errorCode(await w.api('residentA', 'POST', `/wishes/${late}/claim`, { as: 'volunteer' }))).toBe('wish_deadline_passed');

    const now = t.clock.now();
    const [a, b] = await Promise.all([returnOverdueWishes(t.app.ctx, now), returnOverdueWishes(t.app.ctx, now)]);
    expect(a + b).toBe(1);
    expect(await returnOverdueWishes(t.app.ctx, now)).toBe(0);
    await t.app.ctx.jobs.run(WISH_DEADLINE_JOB);
    const [row] = await t.database.db.select().from(microWishes).where(eq(microWishes.id, returned));
    expect(row).toMatchObject({ status: 'published', claimedShares: 0, returnedCount: 1, deadline: addDays(today(), RETURN_EXTENSION_DAYS) });
    const claims = await t.database.db.select().from(wishClaims).where(eq(wishClaims.wishId, returned));
    expect(claims.map((c) => c.status)).toEqual(['returned', 'returned']);
    const notices = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'wishes.returned'));
    expect(notices.map((n) => n.userId).sort((x, y) => x - y)).toEqual([w.id.residentB, w.id.staffA, w.id.secA, extra[2]!.userId].sort((x, y) => x - y));
    // Back on the wall: claimable again (the claimant too), and the timeline says so.
    const detail = (await w.api('residentB', 'GET', `/wishes/${returned}`)).json();
    expect(detail.claimable).toBe(true);
    expect(detail.timeline.at(-1).kind).toBe('returned');
    expect((await w.api('residentB', 'POST', `/wishes/${returned}/claim`, { as: 'volunteer', shares: 1 })).statusCode).toBe(200);
  });
});

describe('tracking and counts', () => {
  it('counts per community; scope refusals', async () => {
    await w.relogin();
    const stats = await w.api('staffA', 'GET', `/wishes/stats?nodeId=${w.tree.communityA.id}`);
    expect(stats.statusCode).toBe(200);
    const s = stats.json();
    const rows = await t.database.db.select().from(microWishes).where(eq(microWishes.communityId, w.tree.communityA.id));
    expect(s.total.posted).toBe(rows.length);
    expect(s.total.published).toBe(rows.filter((r) => r.publishedAt).length);
    expect(s.total.realised).toBe(rows.filter((r) => r.status === 'realised').length);
    expect(s.total.realised).toBeGreaterThanOrEqual(1);
    expect(s.total.returned).toBe(1);
    expect(s.total.claimed).toBe(rows.filter((r) => r.firstClaimedAt).length);
    // The town sees the community's row; community B's staff do not see community A (404); a resident has no permission (403).
    const town = await w.api('town', 'GET', `/wishes/stats?nodeId=${w.tree.town.id}`);
    expect(town.statusCode, town.body).toBe(200);
    expect(town.json().rows[0].community.id).toBe(w.tree.communityA.id);
    expect((await w.api('staffB', 'GET', `/wishes/stats?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/wishes/stats?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(403);
    expect((await w.api('residentA', 'GET', '/wishes/tracking')).statusCode).toBe(403);
    const tracking = (await w.api('staffA', 'GET', '/wishes/tracking?status=pending')).json();
    expect(tracking.items.every((i: { status: string }) => i.status === 'pending')).toBe(true);
    expect((await w.api('staffB', 'GET', '/wishes/tracking')).json().total).toBe(0);
    expect((await w.api('staffB', 'GET', `/wishes/tracking?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect(await wishSharesMatchClaims(t.database.db)).toEqual([]);
    expect(await wishTimelinesMatch(t.database.db)).toEqual([]);
    const mine = (await w.api('residentA2', 'GET', '/wishes/mine')).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
  });
});
