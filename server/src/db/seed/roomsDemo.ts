import { and, asc, eq, sql } from 'drizzle-orm';
import { insertBooking, insertSeries } from '../../modules/rooms/bookings.repo.js';
import { parseClock } from '../../modules/rooms/hours.js';
import { insertException, insertSchedule, replaceRules } from '../../modules/rooms/hours.repo.js';
import { newCheckinToken } from '../../modules/rooms/rooms.service.js';
import { insertRoom, replaceQuotas, upsertSettings, type RoomRow } from '../../modules/rooms/rooms.repo.js';
import { addMember, insertTeam } from '../../modules/rooms/teams.repo.js';
import { isoWeekday } from '../../modules/rooms/hours.js';
import { instantAt } from '../../modules/rooms/time.js';
import { recordAudit } from '../../platform/audit.js';
import { dayOfInstant, formatDay } from '../../platform/calendarDays.js';
import { systemClock } from '../../platform/clock.js';
import { hashPassword } from '../../platform/password.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import type { Db, Tx } from '../client.js';
import { orgNodes, serviceCenters } from '../schema/org.js';
import { rooms } from '../schema/rooms.js';
import { roleAssignments, users } from '../schema/users.js';
import { DEMO_PASSWORD, QINGSHAN_CODE } from './demoPlaces.js';
import {
  BAOLI_QUOTAS,
  BAOLI_ROOMS,
  CAOYUAN_RESIDENT,
  CARE_ROOM,
  CARE_RULES,
  DANCE_TEAMS,
  HALL_RULES,
  ROOM_RULES,
  WEEKS_AHEAD,
  WEEKS_BACK,
  XINRUI_MEMBER_USERNAME,
  type DemoPerson,
  type DemoRoom,
  type DemoRule,
} from './roomsDemoData.js';

export interface RoomsDemoResult {
  skipped: boolean;
  rooms: number;
  teams: number;
  bookings: number;
  accountsCreated: string[];
}

/** The community's center (a 中心 before a 站) under 青山区, found by the community's name. */
async function centerOf(tx: Tx, communityName: string) {
  const [row] = await tx
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
  if (!row) throw new Error(`Rooms demo: no service center for ${communityName} under 青山区 — load the demo data (seedDemoData) first`);
  return row;
}

const rulesOf = (rules: DemoRule[]) =>
  rules.map((r) => ({ weekdays: r.weekdays, opensMin: parseClock(r.opens), closesMin: parseClock(r.closes), validFrom: r.validFrom ?? null, validTo: r.validTo ?? null }));

async function schedule(tx: Tx, centerId: number, name: string, purpose: 'hall' | 'rooms', holidayMode: 'open' | 'closed', rules: DemoRule[], now: Date) {
  const row = await insertSchedule(tx, { serviceCenterId: centerId, name, purpose, holidayMode, createdAt: now, updatedAt: now });
  await replaceRules(tx, row.id, rulesOf(rules));
  return row;
}

async function room(tx: Tx, centerId: number, scheduleId: number, r: DemoRoom, now: Date): Promise<RoomRow> {
  return insertRoom(tx, {
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
    ...(r.maxBookingMinutes ? { maxBookingMinutes: r.maxBookingMinutes } : {}),
    checkinToken: newCheckinToken(),
    createdAt: now,
    updatedAt: now,
  });
}

/** A resident account filed under the first unit of the community, found or created. */
async function resident(tx: Tx, p: DemoPerson, communityPath: string, communityId: number, hash: string, created: string[]): Promise<number> {
  const [found] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${p.username}`);
  if (found) return found.id;
  const [unit] = await tx
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'unit'), sql`${orgNodes.path} <@ ${communityPath}::ltree`))
    .orderBy(asc(orgNodes.path))
    .limit(1);
  const [user] = await tx
    .insert(users)
    .values({ username: p.username, mobile: p.mobile, displayName: p.displayName, namePinyin: pinyinKeys(p.displayName).full, passwordHash: hash, homeNodeId: unit?.id ?? communityId })
    .returning({ id: users.id });
  await tx.insert(roleAssignments).values({ userId: user!.id, role: 'resident', orgNodeId: communityId });
  created.push(p.username);
  return user!.id;
}

/** The dates of the given weekdays from `fromDay` to `toDay` (day numbers), as YYYY-MM-DD. */
function datesOn(weekdays: number[], fromDay: number, toDay: number): string[] {
  const out: string[] = [];
  for (let d = fromDay; d <= toDay; d++) if (weekdays.includes(isoWeekday(d))) out.push(formatDay(d));
  return out;
}

/**
 * The rooms demo at 保利社区 and 草原社区 (see roomsDemoData.ts). Call after `seedDemoData`, which creates the
 * communities, their centers and the demo accounts. One transaction; a second run finds 保利社区's rooms and
 * adds nothing.
 */
export async function seedRoomsDemo(db: Db, now: Date = systemClock.now()): Promise<RoomsDemoResult> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const baoli = await centerOf(tx, '保利社区');
    const caoyuan = await centerOf(tx, '草原社区');
    const [existing] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.serviceCenterId, baoli.center.id)).limit(1);
    if (existing) return { skipped: true, rooms: 0, teams: 0, bookings: 0, accountsCreated: [] };
    const created: string[] = [];

    // Opening hours and rooms.
    await schedule(tx, baoli.center.id, '一站式服务大厅', 'hall', 'closed', HALL_RULES, now);
    const baoliRooms = await schedule(tx, baoli.center.id, '功能室开放时间', 'rooms', 'open', ROOM_RULES, now);
    const byName = new Map<string, RoomRow>();
    for (const r of BAOLI_ROOMS) byName.set(r.name, await room(tx, baoli.center.id, baoliRooms.id, r, now));
    await schedule(tx, caoyuan.center.id, '一站式服务大厅', 'hall', 'closed', HALL_RULES, now);
    const care = await schedule(tx, caoyuan.center.id, '托管室开放时间', 'rooms', 'closed', CARE_RULES, now);
    await room(tx, caoyuan.center.id, care.id, CARE_ROOM, now);
    const today = dayOfInstant(now.getTime());
    const dance = byName.get('舞蹈室')!;
    await insertException(tx, {
      scheduleId: baoliRooms.id,
      roomId: dance.id,
      dateFrom: formatDay(today + WEEKS_AHEAD * 7 + 7),
      dateTo: formatDay(today + WEEKS_AHEAD * 7 + 7),
      kind: 'closed',
      opensMin: null,
      closesMin: null,
      note: '地板保养',
      createdBy: null,
      createdAt: now,
    });
    await upsertSettings(tx, baoli.center.id, { openToAll: false, noShowLimit: 3, noShowWindowDays: 30, suspensionDays: 14, updatedAt: now, updatedBy: null });
    await replaceQuotas(tx, baoli.center.id, [
      { roomId: dance.id, subject: 'team', minutesPerWeek: BAOLI_QUOTAS.teamInDanceRoomHours * 60 },
      { roomId: null, subject: 'team', minutesPerWeek: BAOLI_QUOTAS.teamInCenterHours * 60 },
      { roomId: null, subject: 'resident', minutesPerWeek: BAOLI_QUOTAS.residentInCenterHours * 60 },
    ]);

    // Teams, their weekly slots ahead, and two weeks of use behind (one no-show) for the utilisation charts.
    const [member] = await tx.select({ id: users.id }).from(users).where(eq(users.username, XINRUI_MEMBER_USERNAME));
    let bookingCount = 0;
    for (const [i, team] of DANCE_TEAMS.entries()) {
      const leaderId = await resident(tx, team.leader, baoli.nodePath, baoli.center.orgNodeId, hash, created);
      const row = await insertTeam(tx, { orgNodeId: baoli.center.orgNodeId, name: team.name, kind: 'dance', leaderUserId: leaderId, description: '', createdAt: now, updatedAt: now });
      await addMember(tx, row.id, leaderId, now);
      if (i === 0 && member) await addMember(tx, row.id, member.id, now);
      const target = byName.get(team.room)!;
      const [startsMin, endsMin] = [parseClock(team.starts), parseClock(team.ends)];
      const ahead = datesOn(team.weekdays, today + 1, today + WEEKS_AHEAD * 7);
      const series = await insertSeries(tx, {
        roomId: target.id,
        teamId: row.id,
        bookedBy: leaderId,
        weekdays: team.weekdays,
        startsMin,
        endsMin,
        firstDate: ahead[0]!,
        lastDate: ahead.at(-1)!,
        purpose: '舞蹈排练',
        createdAt: now,
      });
      const base = { roomId: target.id, teamId: row.id, bookedBy: leaderId, purpose: '舞蹈排练', createdAt: now };
      for (const date of ahead) {
        await insertBooking(tx, { ...base, seriesId: series.id, startsAt: instantAt(date, startsMin), endsAt: instantAt(date, endsMin), status: 'confirmed' });
        bookingCount++;
      }
      for (const [k, date] of datesOn(team.weekdays, today - WEEKS_BACK * 7, today - 1).entries()) {
        const startsAt = instantAt(date, startsMin);
        const noShow = i === DANCE_TEAMS.length - 1 && k === 0;
        await insertBooking(tx, {
          ...base,
          seriesId: null,
          startsAt,
          endsAt: instantAt(date, endsMin),
          status: noShow ? 'no_show' : 'checked_in',
          ...(noShow
            ? { releasedAt: new Date(startsAt.getTime() + target.noShowReleaseMinutes * 60_000) }
            : { checkedInAt: new Date(startsAt.getTime() + 5 * 60_000), checkedInBy: leaderId, checkinMethod: 'qr' as const }),
        });
        bookingCount++;
      }
    }

    // A resident's own bookings: cards tomorrow afternoon, and a day-care request waiting for approval.
    if (member) {
      const tomorrow = formatDay(today + 1);
      const later = formatDay(today + 2);
      const chess = byName.get('棋牌室')!;
      const careRoom = byName.get('日间照料室')!;
      await insertBooking(tx, { roomId: chess.id, teamId: null, bookedBy: member.id, seriesId: null, purpose: '和邻居下棋', createdAt: now, status: 'confirmed', startsAt: instantAt(tomorrow, 14 * 60), endsAt: instantAt(tomorrow, 16 * 60) });
      await insertBooking(tx, { roomId: careRoom.id, teamId: null, bookedBy: member.id, seriesId: null, purpose: '母亲日间照料', createdAt: now, status: 'pending', startsAt: instantAt(later, 9 * 60), endsAt: instantAt(later, 11 * 60) });
      bookingCount += 2;
    }
    await resident(tx, CAOYUAN_RESIDENT, caoyuan.nodePath, caoyuan.center.orgNodeId, hash, created);

    const result = { skipped: false, rooms: BAOLI_ROOMS.length + 1, teams: DANCE_TEAMS.length, bookings: bookingCount, accountsCreated: created };
    await recordAudit(tx, { userId: null, ip: null, userAgent: null }, now, {
      action: 'seed.rooms_demo',
      objectType: 'service_center',
      objectId: baoli.center.id,
      orgNodeId: baoli.center.orgNodeId,
      details: { ...result },
    });
    return result;
  });
}
