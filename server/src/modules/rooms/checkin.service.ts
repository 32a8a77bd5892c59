import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as repo from './bookings.repo.js';
import { loadPresented } from './bookings.service.js';
import { roomErrors } from './errors.js';
import { assertSeeBooking, checksIn, type RoomScope } from './rooms.policy.js';
import * as roomsRepo from './rooms.repo.js';
import { loadScope } from './rooms.scope.js';
import * as teamsRepo from './teams.repo.js';
import { iso, MINUTE_MS, spanText } from './time.js';

/**
 * Check-in 签到: by scanning the room's QR code (the booker or a member of the booking team, from the room's
 * check-in window until the end), or by staff holding `rooms.checkin_any`. A confirmed booking not checked in
 * within the room's grace period is released by the no-show job (noShows.ts).
 */

/**
 * Six digits are a small space, so wrong codes are counted per account: after this many within the window the
 * account must wait. (A right code only ever checks in the caller's own booking of that room.)
 */
export const WRONG_CODES_ALLOWED = 10;
export const WRONG_CODE_WINDOW_MS = 15 * 60_000;

function inWindow(row: { booking: repo.BookingRow; checkinOpensMinutes: number }, now: Date): boolean {
  const opens = row.booking.startsAt.getTime() - row.checkinOpensMinutes * MINUTE_MS;
  return now.getTime() >= opens && now < row.booking.endsAt;
}

async function markCheckedIn(ctx: AppContext, row: repo.BookingWithRoom, scope: RoomScope, actor: ActorContext, method: 'qr' | 'staff', now: Date) {
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.transition(tx, row.booking.id, ['confirmed'], {
      status: 'checked_in',
      checkedInAt: now,
      checkedInBy: scope.userId,
      checkinMethod: method,
    });
    if (!updated) throw errors.conflict('booking_changed', '该预约的状态刚刚发生了变化，请刷新后重试', 'The booking changed in the meantime; reload and try again');
    await recordAudit(tx, actor, now, { action: 'booking.checkin', objectType: 'booking', objectId: row.booking.id, orgNodeId: row.orgNodeId, details: { method } });
  });
}

function notCheckable(row: repo.BookingWithRoom, now: Date) {
  const b = row.booking;
  if (b.status === 'pending') return roomErrors.wrongStatus(b.status, '该预约尚未通过审批，不能签到', 'This booking has not been approved yet');
  if (b.status !== 'confirmed') return roomErrors.wrongStatus(b.status, '该预约不能签到（已取消、已释放或已签到）', 'This booking cannot be checked in (cancelled, released or already checked in)');
  if (!inWindow(row, now)) {
    const opens = new Date(b.startsAt.getTime() - row.checkinOpensMinutes * MINUTE_MS);
    return errors.conflict(
      'checkin_not_open',
      `签到时间为 ${spanText(opens.getTime(), b.endsAt.getTime())}`,
      `Check-in is open ${spanText(opens.getTime(), b.endsAt.getTime())}`,
      { opensAt: iso(opens), closesAt: iso(b.endsAt) },
    );
  }
  return null;
}

/** Staff check a booking in at the desk. */
export async function checkInByStaff(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const scope = await loadScope(ctx.db, principal);
  const row = await repo.findBooking(ctx.db, id);
  const myTeams = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  assertSeeBooking(scope, row ? { nodePath: row.nodePath, bookedBy: row.booking.bookedBy, teamId: row.booking.teamId, teamLeaderId: row.teamLeaderId } : undefined, myTeams);
  if (!checksIn(scope, row!.nodePath)) throw errors.forbidden();
  const now = ctx.clock.now();
  const problem = notCheckable(row!, now);
  if (problem) throw problem;
  await markCheckedIn(ctx, row!, scope, actor, 'staff', now);
  return loadPresented(ctx, scope, id);
}

/**
 * The caller scanned a room's QR code: check in their (or their team's) booking of that room that is open for
 * check-in now. Already checked in is answered as success, so scanning twice is harmless.
 */
export async function checkInByQr(ctx: AppContext, principal: Principal, actor: ActorContext, token: string) {
  const scope = await loadScope(ctx.db, principal);
  const failures = `checkin:fail:${principal.userId}`;
  const tried = await ctx.counters.count(failures);
  if (tried >= WRONG_CODES_ALLOWED) {
    throw errors.rateLimited(Math.ceil(WRONG_CODE_WINDOW_MS / 1000), '签到码输错次数过多，请稍后再试或请工作人员签到', 'Too many wrong check-in codes; try again later or ask the staff to check you in');
  }
  const code = token.replace(/\s+/g, '');
  const room = /^[0-9]{6}$/.test(code) ? await roomsRepo.findRoomByCode(ctx.db, code) : await roomsRepo.findRoomByToken(ctx.db, token);
  if (!room) {
    await ctx.counters.hit(failures, WRONG_CODE_WINDOW_MS);
    throw errors.badRequest('checkin_code_invalid', '签到码无效或已更换，请核对功能室门口的签到码', 'That check-in code is not valid (it may have been replaced); check the code at the room’s door');
  }
  const now = ctx.clock.now();
  const myTeams = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  const candidates = await repo.checkinCandidates(ctx.db, room.room.id, scope.userId, myTeams, now);
  const current = candidates.find((c) => c.booking.status === 'checked_in' && inWindow(c, now));
  if (current) return loadPresented(ctx, scope, current.booking.id);
  const open = candidates.find((c) => c.booking.status === 'confirmed' && inWindow(c, now));
  if (open) {
    await markCheckedIn(ctx, open, scope, actor, 'qr', now);
    return loadPresented(ctx, scope, open.booking.id);
  }
  const next = [...candidates].sort((a, b) => a.booking.startsAt.getTime() - b.booking.startsAt.getTime())[0];
  if (next) throw notCheckable(next, now)!;
  throw errors.conflict(
    'nothing_to_check_in',
    `您在${room.room.name}当前没有可签到的预约`,
    `You have no booking of ${room.room.name} to check in right now`,
    { roomId: room.room.id },
  );
}
