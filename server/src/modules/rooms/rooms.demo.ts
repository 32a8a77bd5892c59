import { and, asc, eq, sql } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../db/schema/org.js';
import { rooms } from '../../db/schema/rooms.js';
import { users } from '../../db/schema/users.js';
import type { Db } from '../../db/client.js';
import { formatDay, dayOfInstant } from '../../platform/calendarDays.js';
import { chinaTime, DemoTimeline, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { DEMO_PASSWORD, QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { createUser } from '../users/users.service.js';
import { createBooking } from './bookings.service.js';
import { checkInByQr, checkInByStaff } from './checkin.service.js';
import { approve, reject } from './decisions.service.js';
import { isoWeekday } from './hours.js';
import { addException, createSchedule } from './hours.service.js';
import { releaseDue } from './noShows.js';
import { findRoom } from './rooms.repo.js';
import { createRoom, putQuotas, putSettings } from './rooms.service.js';
import { createSeries } from './series.service.js';
import { createTeam } from './teams.service.js';
import { instantAt } from './time.js';
import {
  BAOLI_QUOTAS,
  BAOLI_ROOMS,
  CARE_ROOM,
  CARE_RULES,
  DANCE_TEAMS,
  HALL_RULES,
  ROOM_RULES,
  WEEKS_AHEAD,
  WEEKS_BACK,
  XINRUI_MEMBER_USERNAME,
  type DemoPerson as RoomsDemoPerson,
  type DemoRoom,
} from './rooms.demoData.js';

/**
 * The rooms demo at 保利社区 and 草原社区 (see rooms.demoData.ts), as it happened: 王丽娜 (baoli.staff) sets up the
 * center's hours, rooms, quotas and the dance teams' accounts and teams; each team's leader books the team's weekly
 * slots as a series and checks in by scanning the room's code, week after week — except once, when the no-show
 * job releases the room; residents book rooms, and the day-care room's requests are approved or declined with a
 * note. Every step is the service the page calls. A second run finds 保利社区's rooms and adds nothing.
 */

export interface RoomsDemoResult {
  skipped: boolean;
  rooms: number;
  teams: number;
  bookings: number;
  checkedIn: number;
  noShows: number;
  declined: number;
  accountsCreated: string[];
}

/** The rooms are set up this many days before now. */
const SETUP_DAYS_BACK = WEEKS_BACK * 7 + 6;

async function centerOf(db: Db, communityName: string) {
  const [row] = await db
    .select({ center: serviceCenters, nodePath: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(
      and(
        eq(orgNodes.kind, 'community'),
        eq(orgNodes.name, communityName),
        sql`${orgNodes.path} <@ (select q.path from org_nodes q where q.code = ${QINGSHAN_CODE})`,
      ),
    )
    .orderBy(sql`${serviceCenters.kind} = 'center' desc`, asc(serviceCenters.id))
    .limit(1);
  if (!row) throw new Error(`Rooms demo: no service center for ${communityName} under 青山区 — run the org demo first`);
  return row;
}

const roomBody = (centerId: number, scheduleId: number, r: DemoRoom) => ({
  serviceCenterId: centerId,
  scheduleId,
  name: r.name,
  kind: r.kind,
  capacity: r.capacity,
  location: r.location,
  description: r.description,
  equipment: r.equipment,
  requiresApproval: r.requiresApproval ?? false,
  openToAll: r.openToAll ?? false,
  ...(r.maxBookingMinutes ? { rules: { maxBookingMinutes: r.maxBookingMinutes } } : {}),
});

/** A resident filed under the first unit of the community, created by the community's staff unless it exists. */
async function ensureResident(s: DemoSession, staff: DemoPerson, p: RoomsDemoPerson, communityPath: string, communityId: number, created: string[]): Promise<number> {
  const db = s.ctx.db;
  const [found] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${p.username}`);
  if (found) return found.id;
  const [unit] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'unit'), sql`${orgNodes.path} <@ ${communityPath}::ltree`))
    .orderBy(asc(orgNodes.path))
    .limit(1);
  s.clock.advanceMinutes(2);
  const user = await createUser(s.ctx, staff.principal, staff.actor, {
    username: p.username,
    displayName: p.displayName,
    mobile: p.mobile,
    password: DEMO_PASSWORD,
    homeNodeId: unit?.id ?? communityId,
    roles: [{ role: 'resident', orgNodeId: communityId }],
  });
  created.push(p.username);
  return user.id;
}

/** The dates of the given weekdays from `fromDay` to `toDay` (day numbers), as YYYY-MM-DD. */
function datesOn(weekdays: number[], fromDay: number, toDay: number): string[] {
  const out: string[] = [];
  for (let d = fromDay; d <= toDay; d++) if (weekdays.includes(isoWeekday(d))) out.push(formatDay(d));
  return out;
}

export async function seedRoomsDemo(s: DemoSession): Promise<RoomsDemoResult> {
  const db = s.ctx.db;
  const baoli = await centerOf(db, '保利社区');
  const caoyuan = await centerOf(db, '草原社区');
  const [existing] = await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.serviceCenterId, baoli.center.id)).limit(1);
  const result: RoomsDemoResult = { skipped: true, rooms: 0, teams: 0, bookings: 0, checkedIn: 0, noShows: 0, declined: 0, accountsCreated: [] };
  if (existing) return result;
  result.skipped = false;
  const staff = await s.person('baoli.staff');
  const caoyuanStaff = await s.person('caoyuan.staff');
  const today = dayOfInstant(s.until.getTime());

  // Day one: 王丽娜 enters the center's hours (Qingshan's extended hours), the rooms, the rules and the quotas.
  s.clock.set(chinaTime(s.until, -SETUP_DAYS_BACK, '09:30'));
  const as = (p: DemoPerson) => [s.ctx, p.principal, p.actor] as const;
  await createSchedule(...as(staff), baoli.center.id, { name: '一站式服务大厅', purpose: 'hall', holidayMode: 'closed', rules: HALL_RULES });
  const roomHours = await createSchedule(...as(staff), baoli.center.id, { name: '功能室开放时间', purpose: 'rooms', holidayMode: 'open', rules: ROOM_RULES });
  const byName = new Map<string, { id: number; noShowReleaseMinutes: number; token: string }>();
  for (const r of BAOLI_ROOMS) {
    s.clock.advanceMinutes(4);
    const room = await createRoom(...as(staff), roomBody(baoli.center.id, roomHours.id, r));
    const row = (await findRoom(db, room.id))!;
    byName.set(r.name, { id: room.id, noShowReleaseMinutes: row.room.noShowReleaseMinutes, token: row.room.checkinToken });
  }
  const dance = byName.get('舞蹈室')!;
  const maintenance = formatDay(today + WEEKS_AHEAD * 7 + 7);
  await addException(...as(staff), roomHours.id, { dateFrom: maintenance, dateTo: maintenance, kind: 'closed', roomId: dance.id, note: '地板保养' });
  await putSettings(...as(staff), baoli.center.id, { openToAll: false, noShowLimit: 3, noShowWindowDays: 30, suspensionDays: 14 });
  await putQuotas(...as(staff), baoli.center.id, {
    quotas: [
      { roomId: dance.id, subject: 'team', hoursPerWeek: BAOLI_QUOTAS.teamInDanceRoomHours },
      { roomId: null, subject: 'team', hoursPerWeek: BAOLI_QUOTAS.teamInCenterHours },
      { roomId: null, subject: 'resident', hoursPerWeek: BAOLI_QUOTAS.residentInCenterHours },
    ],
  });
  // 其木格 sets up 草原社区's hall and the after-school care room.
  s.clock.advanceMinutes(40);
  await createSchedule(...as(caoyuanStaff), caoyuan.center.id, { name: '一站式服务大厅', purpose: 'hall', holidayMode: 'closed', rules: HALL_RULES });
  const care = await createSchedule(...as(caoyuanStaff), caoyuan.center.id, { name: '托管室开放时间', purpose: 'rooms', holidayMode: 'closed', rules: CARE_RULES });
  await createRoom(...as(caoyuanStaff), roomBody(caoyuan.center.id, care.id, CARE_ROOM));
  result.rooms = BAOLI_ROOMS.length + 1;

  // The afternoon: the eight dance teams' leaders get accounts and their teams are registered.
  s.clock.set(chinaTime(s.until, -SETUP_DAYS_BACK, '14:00'));
  const member = await s.person(XINRUI_MEMBER_USERNAME);
  const teams: { leader: string; id: number; team: (typeof DANCE_TEAMS)[number] }[] = [];
  for (const [i, team] of DANCE_TEAMS.entries()) {
    const leaderId = await ensureResident(s, staff, team.leader, baoli.nodePath, baoli.center.orgNodeId, result.accountsCreated);
    const created = await createTeam(...as(staff), {
      orgNodeId: baoli.center.orgNodeId,
      name: team.name,
      kind: 'dance',
      leaderUserId: leaderId,
      description: `${team.name}，每周在${team.room}排练`,
      ...(i === 0 ? { memberIds: [member.principal.userId] } : {}),
    });
    teams.push({ leader: team.leader.username, id: created.id, team });
  }
  result.teams = teams.length;

  // From the next morning on: each leader books the team's weekly slots up to WEEKS_AHEAD weeks from now, and
  // on every past rehearsal checks in at the door — except 百合舞蹈队 once, released by the no-show job.
  const timeline = new DemoTimeline();
  for (const [i, { leader, id: teamId, team }] of teams.entries()) {
    const room = byName.get(team.room)!;
    timeline.at(chinaTime(s.until, -SETUP_DAYS_BACK + 1, `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '40' : '10'}`), async () => {
      const who = await s.person(leader);
      const dates = datesOn(team.weekdays, today - SETUP_DAYS_BACK + 2, today + WEEKS_AHEAD * 7);
      const series = await createSeries(...as(who), {
        roomId: room.id,
        teamId,
        weekdays: team.weekdays,
        startTime: team.starts,
        endTime: team.ends,
        firstDate: dates[0]!,
        lastDate: dates.at(-1)!,
        purpose: '舞蹈排练',
        skipConflicts: true,
        dryRun: false,
      });
      result.bookings += series.booked;
      const past = series.occurrences.filter((o) => o.ok && new Date(o.startsAt) < s.until);
      for (const [k, o] of past.entries()) {
        const starts = new Date(o.startsAt);
        if (i === DANCE_TEAMS.length - 1 && k === 0) {
          timeline.at(new Date(starts.getTime() + (room.noShowReleaseMinutes + 1) * 60_000), async () => {
            result.noShows += (await releaseDue(s.ctx, s.clock.now())).released;
          });
        } else {
          timeline.at(new Date(starts.getTime() + ((k * 3) % 11) * 60_000 - 6 * 60_000), async () => {
            await checkInByQr(...as(who), room.token);
            result.checkedIn++;
          });
        }
      }
    });
  }

  // Residents' own bookings: 李桂兰 plays chess with neighbours, and asks for the day-care room for her mother —
  // once approved by 王丽娜, once declined (the room was full that day) with a note, and once still waiting.
  const chess = byName.get('棋牌室')!;
  const dayCare = byName.get('日间照料室')!;
  const book = (when: Date, room: number, date: string, from: number, to: number, purpose: string, then?: (id: number) => void) =>
    timeline.at(when, async () => {
      const booking = await createBooking(...as(member), { roomId: room, startsAt: instantAt(date, from).toISOString(), endsAt: instantAt(date, to).toISOString(), purpose });
      result.bookings++;
      then?.(booking.id);
    });
  const pastChess = formatDay(today - 9);
  book(chinaTime(s.until, -11, '19:20'), chess.id, pastChess, 14 * 60, 16 * 60, '和邻居下棋', (id) =>
    timeline.at(instantAt(pastChess, 14 * 60 - 5), async () => {
      await checkInByStaff(...as(staff), id);
      result.checkedIn++;
    }),
  );
  const approvedDay = formatDay(today - 6);
  book(chinaTime(s.until, -8, '10:05'), dayCare.id, approvedDay, 9 * 60, 11 * 60, '母亲日间照料', (id) => {
    timeline.at(chinaTime(s.until, -8, '11:30'), () => approve(...as(staff), id, { note: '已安排护理员陪同，请按时到' }).then(() => undefined));
    timeline.at(instantAt(approvedDay, 9 * 60 - 10), async () => {
      await checkInByQr(...as(member), dayCare.token);
      result.checkedIn++;
    });
  });
  const fullDay = formatDay(today - 3);
  book(chinaTime(s.until, -5, '16:40'), dayCare.id, fullDay, 14 * 60, 16 * 60, '母亲日间照料', (id) =>
    timeline.at(chinaTime(s.until, -4, '09:10'), async () => {
      await reject(...as(staff), id, { note: '当天照料室已满员，请改约周四上午' });
      result.declined++;
    }),
  );
  const tomorrow = formatDay(today + 1);
  book(new Date(s.until.getTime() - 50 * 60_000), chess.id, tomorrow, 14 * 60, 16 * 60, '和邻居下棋');
  book(new Date(s.until.getTime() - 40 * 60_000), dayCare.id, formatDay(today + 2), 9 * 60, 11 * 60, '母亲日间照料');

  await timeline.run(s.clock, s.until);
  return result;
}
