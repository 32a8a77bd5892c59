import { and, asc, eq, inArray } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { roomSchedules } from '../../../db/schema/rooms.js';
import { dutyShifts } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { chinaTime, type DemoSession } from '../../../platform/demo.js';
import { roleHas } from '../../../platform/roles.js';
import { addDays, chinaDay } from '../../gridwork/days.js';
import { reportRosterGaps } from './gaps.job.js';
import { deleteShift, fillInTurn, shiftsBetween } from './shifts.service.js';
import { decideSwap, requestSwap } from './swaps.service.js';

/**
 * The duty roster demo 坐班值班: for each center with hall hours (the rooms demo gives 保利 and 草原 theirs), the
 * "two committees" cadres of its community are put on duty in turn for a month (a week back to three weeks ahead,
 * closed days skipped), so "who is on duty today" has an answer. One cadre asks to hand a shift to a colleague and
 * the secretary (or another manager) approves; one day two days ahead loses its shift, and the gap job reports it
 * to the secretary. Skipped for a center that has shifts already.
 */
export interface RosterDemoResult {
  centers: number;
  shifts: number;
  swaps: number;
  gapsReported: number;
}

export async function seedRosterDemo(s: DemoSession): Promise<RosterDemoResult> {
  const db = s.ctx.db;
  const result: RosterDemoResult = { centers: 0, shifts: 0, swaps: 0, gapsReported: 0 };
  const centers = await db
    .selectDistinct({ id: serviceCenters.id, orgNodeId: serviceCenters.orgNodeId, nodePath: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .innerJoin(roomSchedules, and(eq(roomSchedules.serviceCenterId, serviceCenters.id), eq(roomSchedules.purpose, 'hall')))
    .orderBy(asc(serviceCenters.id));
  const today = chinaDay(s.until);
  const from = addDays(today, -7);
  const to = addDays(today, 22);
  for (const center of centers) {
    const [has] = await db.select({ id: dutyShifts.id }).from(dutyShifts).where(eq(dutyShifts.serviceCenterId, center.id)).limit(1);
    if (has) continue;
    const cadres = await db
      .select({ username: users.username, role: roleAssignments.role, userId: users.id })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(and(eq(roleAssignments.orgNodeId, center.orgNodeId), inArray(roleAssignments.role, ['community_secretary', 'community_staff']), eq(users.disabled, false)))
      .orderBy(asc(roleAssignments.role), asc(users.id));
    const managers = cadres.filter((c) => roleHas(c.role, 'services.manage'));
    if (managers.length === 0) continue;
    const people = [...new Map(cadres.map((c) => [c.userId, c])).values()];
    const lead = await s.person(managers.at(-1)!.username);
    s.clock.set(chinaTime(s.until, -8, '08:30'));
    const filled = await fillInTurn(s.ctx, lead.principal, lead.actor, { centerId: center.id, from, to, userIds: people.map((p) => p.userId), duty: '坐班', apply: true });
    result.centers++;
    result.shifts += filled.created;
    const upcoming = await shiftsBetween(db, center.id, addDays(today, 3), addDays(today, 10));
    // A swap: the cadre on duty three or more days ahead hands the shift to a colleague; another manager approves.
    const shift = upcoming.find((r) => managers.some((m) => m.userId !== r.shift.userId));
    const colleague = shift && people.find((p) => p.userId !== shift.shift.userId);
    if (shift && colleague) {
      const asker = await s.person(people.find((p) => p.userId === shift.shift.userId)!.username);
      s.clock.set(chinaTime(s.until, -5, '10:00'));
      const swap = await requestSwap(s.ctx, asker.principal, asker.actor, { shiftId: shift.shift.id, toUserId: colleague.userId, reason: '当天参加街道培训' });
      const approver = await s.person(managers.find((m) => m.userId !== shift.shift.userId)!.username);
      s.clock.set(chinaTime(s.until, -5, '11:20'));
      await decideSwap(s.ctx, approver.principal, approver.actor, swap.id, { approve: true, note: '同意，已电话确认' });
      result.swaps++;
    }
    // A gap: the shift two days ahead is removed (the cadre is on sick leave), and nobody takes it yet.
    const [gapDay] = await shiftsBetween(db, center.id, addDays(today, 2), addDays(today, 2));
    if (gapDay) {
      s.clock.set(chinaTime(s.until, -1, '17:00'));
      await deleteShift(s.ctx, lead.principal, lead.actor, gapDay.shift.id);
    }
  }
  if (result.centers) {
    s.clock.set(s.until);
    result.gapsReported = await reportRosterGaps(s.ctx, s.until);
  }
  return result;
}
