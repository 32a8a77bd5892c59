import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { booking, person, roomsWorld, roomVia, scheduleVia, teamVia, type Caller, SETUP_TIMEOUT_MS } from '../../../test/rooms.js';
import { bookings } from '../../db/schema/rooms.js';

/** Teams, weekly series with conflicts, and quotas a team's members share. */

let t: TestApp;
let w: Awaited<ReturnType<typeof roomsWorld>>;
let dance: { id: number };
let chess: { id: number };
let xinrui: { id: number };
let xiyang: { id: number };
let xiyangLeader: Caller;
let member2: Caller;

const weekly = (roomId: number, teamId: number | null, extra: Record<string, unknown> = {}) => ({
  roomId,
  teamId,
  weekdays: [2, 4],
  startTime: '19:00',
  endTime: '21:00',
  firstDate: '2026-03-03',
  lastDate: '2026-03-26',
  purpose: '舞蹈排练',
  ...extra,
});

const holdingCount = async (teamId: number) =>
  (await t.database.db.select().from(bookings).where(and(eq(bookings.teamId, teamId), inArray(bookings.status, ['pending', 'confirmed'])))).length;

beforeAll(async () => {
  t = await createTestApp();
  w = await roomsWorld(t, 'Se');
  const s = await scheduleVia(w.staffA, w.centerA.id, '功能室');
  dance = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '舞蹈室', scheduleId: s.id });
  chess = await roomVia(w.staffA, { serviceCenterId: w.centerA.id, name: '棋牌室', kind: 'chess_cards', scheduleId: s.id });
  xiyangLeader = await person(t, 'Se.xiyang', w.tree.unitA1.id, [{ role: 'resident', orgNodeId: w.tree.communityA.id }], '赵凤英');
  member2 = await person(t, 'Se.member2', w.tree.unitA1.id, [{ role: 'resident', orgNodeId: w.tree.communityA.id }], '刘秀珍');
}, SETUP_TIMEOUT_MS);
afterAll(() => t.close());

describe('teams', () => {
  it('staff file a team with its leader; the leader keeps the members; outsiders cannot join', async () => {
    const team = await teamVia(w.staffA, { orgNodeId: w.tree.communityA.id, name: '心蕊舞蹈队', leaderUserId: w.residentA2.id, memberIds: [w.residentA.id] });
    xinrui = team;
    expect(team).toMatchObject({ name: '心蕊舞蹈队', leader: { id: w.residentA2.id, displayName: '穆宏' }, memberCount: 2 });
    const byLogin = await w.residentA2.post(`/teams/${team.id}/members`, { login: 'Se.member2' });
    expect(byLogin.statusCode).toBe(200);
    expect(byLogin.json().members.map((m: { displayName: string }) => m.displayName)).toEqual(['穆宏', '李桂兰', '刘秀珍']);
    const outsider = await w.residentA2.post(`/teams/${team.id}/members`, { userId: w.residentB.id });
    expect(outsider.statusCode).toBe(400);
    expect(errorCode(outsider)).toBe('team_member_ineligible');
    expect((await w.residentA.post(`/teams/${team.id}/members`, { userId: xiyangLeader.id })).statusCode).toBe(403);
    expect((await w.residentB.get(`/teams/${team.id}`)).statusCode).toBe(404);
    const leaderLeaves = await w.residentA2.call('DELETE', `/teams/${team.id}/members/${w.residentA2.id}`);
    expect(errorCode(leaderLeaves)).toBe('leader_cannot_leave');
    const mine = await w.residentA.get('/teams?mine=true');
    expect(mine.json().items).toMatchObject([{ name: '心蕊舞蹈队', isMember: true, allowedActions: ['book'] }]);
    xiyang = await teamVia(w.staffA, { orgNodeId: w.tree.communityA.id, name: '夕阳红舞蹈队', leaderUserId: xiyangLeader.id });
    const dup = await w.staffA.post('/teams', { orgNodeId: w.tree.communityA.id, name: '夕阳红舞蹈队', kind: 'dance', leaderUserId: xiyangLeader.id });
    expect(errorCode(dup)).toBe('team_name_taken');
  });

  it('only members (or staff) book for a team', async () => {
    const res = await xiyangLeader.post('/bookings', booking(dance.id, '2026-03-04', '10:00', '11:00', { teamId: xinrui.id }));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('您不是该团队的成员，不能以团队名义预约');
    expect((await w.residentB.post('/bookings', booking(dance.id, '2026-03-04', '10:00', '11:00', { teamId: xinrui.id }))).statusCode).toBe(404);
  });
});

describe('weekly series', () => {
  it('a conflicting date books nothing and is named; dryRun reports; skipConflicts keeps the rest', async () => {
    const blocker = await xiyangLeader.post('/bookings', booking(dance.id, '2026-03-12', '19:00', '21:00', { teamId: xiyang.id }));
    expect(blocker.statusCode).toBe(201);

    const refused = await w.residentA2.post('/bookings/series', weekly(dance.id, xinrui.id));
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('series_conflicts');
    expect(refused.json().error.message).toBe('有 1 个日期无法预约：2026-03-12。可以跳过这些日期，预约其余 7 次');
    expect(await holdingCount(xinrui.id)).toBe(0);

    const preview = await w.residentA2.post('/bookings/series', weekly(dance.id, xinrui.id, { dryRun: true }));
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, series: null, booked: 7, skipped: 1 });
    expect(await holdingCount(xinrui.id)).toBe(0);

    const kept = await w.residentA2.post('/bookings/series', weekly(dance.id, xinrui.id, { skipConflicts: true }));
    expect(kept.statusCode).toBe(201);
    const body = kept.json();
    expect(body).toMatchObject({ dryRun: false, booked: 7, skipped: 1, series: { weekdays: [2, 4], startTime: '19:00', endTime: '21:00' } });
    expect(body.occurrences.map((o: { date: string }) => o.date)).toEqual([
      '2026-03-03',
      '2026-03-05',
      '2026-03-10',
      '2026-03-12',
      '2026-03-17',
      '2026-03-19',
      '2026-03-24',
      '2026-03-26',
    ]);
    const skipped = body.occurrences.find((o: { ok: boolean }) => !o.ok);
    expect(skipped).toMatchObject({ date: '2026-03-12', problem: { code: 'slot_taken' } });
    expect(skipped.problem.messages.zh).toContain('同样时长可预约：17:00–19:00');
    expect(await holdingCount(xinrui.id)).toBe(7);

    const detail = await w.residentA.get(`/bookings/series/${body.series.id}`);
    expect(detail.json().bookings).toHaveLength(7);
    const teamView = await w.residentA.get('/bookings/mine');
    expect(teamView.json().items.filter((b: { team: { name: string } | null }) => b.team?.name === '心蕊舞蹈队')).toHaveLength(7);
  });

  it('a second team asking for the same weekly slot is refused for every date, with the free times', async () => {
    const res = await xiyangLeader.post('/bookings/series', weekly(dance.id, xiyang.id));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/^所有 8 个日期都无法预约：2026-03-03、2026-03-05/);
    const occurrences = res.json().error.details.occurrences as { ok: boolean; problem: { code: string; messages: { zh: string } } }[];
    expect(occurrences.every((o) => !o.ok && o.problem.code === 'slot_taken')).toBe(true);
    expect(occurrences[0]!.problem.messages.zh).toContain('17:00–19:00');
  });

  it('series dates outside the hours or too far ahead are reported with their reason', async () => {
    const res = await w.residentA2.post('/bookings/series', weekly(chess.id, xinrui.id, { startTime: '21:00', endTime: '23:00', lastDate: '2026-03-05', skipConflicts: true }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.occurrences.map((o: { problem: { code: string } }) => o.problem.code)).toEqual(['room_closed', 'room_closed']);
    const empty = await w.residentA2.post('/bookings/series', weekly(chess.id, null, { weekdays: [1], firstDate: '2026-03-03', lastDate: '2026-03-08' }));
    expect(errorCode(empty)).toBe('series_empty');
  });
});

describe('quotas', () => {
  it('staff set weekly quotas; duplicates and other centers’ rooms are refused', async () => {
    const bad = await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/quotas`, {
      quotas: [
        { roomId: null, subject: 'team', hoursPerWeek: 4 },
        { roomId: null, subject: 'team', hoursPerWeek: 6 },
      ],
    });
    expect(errorCode(bad)).toBe('quota_duplicate');
    const res = await w.staffA.call('PUT', `/rooms/centers/${w.centerA.id}/quotas`, {
      quotas: [
        { roomId: null, subject: 'team', hoursPerWeek: 4 },
        { roomId: chess.id, subject: 'resident', hoursPerWeek: 1 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([
      { roomId: null, subject: 'team', hoursPerWeek: 4 },
      { roomId: chess.id, subject: 'resident', hoursPerWeek: 1 },
    ]);
  });

  it('a team’s quota is shared by all its members', async () => {
    // Week of 2 March: the series holds Tue and Thu, 4 h — the whole quota.
    const full = await w.residentA.post('/bookings', booking(chess.id, '2026-03-06', '10:00', '11:00', { teamId: xinrui.id }));
    expect(full.statusCode).toBe(409);
    expect(errorCode(full)).toBe('quota_exceeded');
    expect(full.json().error.message).toBe('超出每周预约时长：团队在本中心每周最多 4 小时，2026-03-02 这周已约 4 小时，本次 1 小时');
    // Week of 9 March: 12 March was skipped, so 2 h remain; one member takes them, the leader finds none left.
    const status = await w.residentA.get(`/bookings/quota?roomId=${chess.id}&teamId=${xinrui.id}&date=2026-03-11`);
    expect(status.json().items).toEqual([{ scope: 'center', subject: 'team', limitMinutes: 240, usedMinutes: 120, remainingMinutes: 120, weekStart: '2026-03-09' }]);
    const [a, b] = await Promise.all([
      w.residentA.post('/bookings', booking(chess.id, '2026-03-11', '10:00', '12:00', { teamId: xinrui.id })),
      member2.post('/bookings', booking(chess.id, '2026-03-13', '10:00', '12:00', { teamId: xinrui.id })),
    ]);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
    const leader = await w.residentA2.post('/bookings', booking(dance.id, '2026-03-14', '10:00', '10:30', { teamId: xinrui.id }));
    expect(errorCode(leader)).toBe('quota_exceeded');
    // The team quota does not touch a member's personal bookings; the per-room resident quota does.
    const personal = await w.residentA.post('/bookings', booking(chess.id, '2026-03-14', '10:00', '11:00'));
    expect(personal.statusCode).toBe(201);
    const more = await w.residentA.post('/bookings', booking(chess.id, '2026-03-14', '15:00', '15:30'));
    expect(errorCode(more)).toBe('quota_exceeded');
    expect(more.json().error.messages.en).toContain('you may hold at most 1 h a week in this room');
    expect((await w.residentA.post('/bookings', booking(dance.id, '2026-03-14', '15:00', '15:30'))).statusCode).toBe(201);
  });

  it('cancelling a series frees its future dates and the team’s quota', async () => {
    const series = (await w.residentA.get('/bookings/mine')).json().items.find((b: { seriesId: number | null }) => b.seriesId)!.seriesId as number;
    const byMember = await w.residentA.post(`/bookings/series/${series}/cancel`);
    expect(byMember.statusCode).toBe(403);
    const res = await w.residentA2.post(`/bookings/series/${series}/cancel`, { reason: '换到小舞蹈室' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ cancelled: 7, kept: [] });
    const again = await w.residentA.post('/bookings', booking(chess.id, '2026-03-06', '10:00', '11:00', { teamId: xinrui.id }));
    expect(again.statusCode).toBe(201);
  });
});
