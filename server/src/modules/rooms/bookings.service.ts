import type { DbOrTx } from '../../db/client.js';
import { minimalPaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { parseDay } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { ROLES } from '../../platform/roles.js';
import { outboxDispatcherOf } from '../notifications/notifications.dispatcher.js';
import { capacityProblem, hoursProblem, shapeProblem, timingProblem } from './bookingRules.js';
import * as repo from './bookings.repo.js';
import type { CreateBookingBody, MyBookingsQuery, QuotaQuery, StaffBookingsQuery } from './bookings.schema.js';
import { quotaUse } from './eligibility.js';
import { roomErrors, withRetry } from './errors.js';
import { roomDays } from './hours.service.js';
import { place, takenError } from './placement.js';
import * as notes from './rooms.notify.js';
import { assertSeeBooking, manages, servesArea, type RoomScope } from './rooms.policy.js';
import { presentBooking } from './rooms.present.js';
import * as roomsRepo from './rooms.repo.js';
import { bookableRoom, loadScope, visibleCenter, visibleRoom } from './rooms.scope.js';
import * as teamsRepo from './teams.repo.js';
import { checkRange, dateOf, instantAt, iso, parseInstant } from './time.js';

/** One-off bookings, reading bookings, and quota status. Series, decisions, check-in and waitlist live next door. */

export function kickOutbox(ctx: AppContext): void {
  outboxDispatcherOf(ctx).kick();
}

/**
 * May the caller book for this team: a member, or staff managing the team's node. A team of the caller's own
 * community they do not belong to is 403 with a clear message; any other is 404.
 */
export async function assertTeamBooking(db: DbOrTx, scope: RoomScope, teamId: number): Promise<teamsRepo.TeamWithNode> {
  const team = await teamsRepo.findTeam(db, teamId);
  const member = team ? await teamsRepo.isMember(db, teamId, scope.userId) : false;
  if (!team) throw errors.notFound();
  if (!member && !manages(scope, team.nodePath)) {
    if (servesArea(scope, team.nodePath)) throw roomErrors.notMember();
    throw errors.notFound();
  }
  if (!team.team.active) throw roomErrors.teamInactive();
  return team;
}

/** Roles whose holders approve bookings (those with rooms.manage). */
export const APPROVER_ROLES = ROLES.filter((r) => r.permissions.includes('rooms.manage')).map((r) => r.role);

export async function loadPresented(ctx: AppContext, scope: RoomScope, id: number) {
  const row = await repo.findBooking(ctx.db, id);
  const myTeams = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  assertSeeBooking(scope, row ? { nodePath: row.nodePath, bookedBy: row.booking.bookedBy, teamId: row.booking.teamId, teamLeaderId: row.teamLeaderId } : undefined, myTeams);
  return presentBooking(scope, row!, myTeams, ctx.clock.now());
}

export async function createBooking(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateBookingBody) {
  const scope = await loadScope(ctx.db, principal);
  const row = await bookableRoom(ctx.db, scope, body.roomId);
  const teamId = body.teamId ?? null;
  const team = teamId === null ? null : await assertTeamBooking(ctx.db, scope, teamId);
  const start = parseInstant(body.startsAt, 'startsAt');
  const end = parseInstant(body.endsAt, 'endsAt');
  const now = ctx.clock.now();
  const early = capacityProblem(row.room.capacity, body.attendees) ?? shapeProblem(row.room, start, end) ?? timingProblem(row.room, start, now);
  if (early) throw early;
  const date = dateOf(start.getTime());
  const [day] = await roomDays(ctx.db, row.room, row.orgNodeId, date, date);
  const closed = hoursProblem(day!, start, end);
  if (closed) throw closed;
  const status = row.room.requiresApproval && !manages(scope, row.nodePath) ? 'pending' : 'confirmed';
  const draft = { room: row.room, bookedBy: scope.userId, teamId, start, end, purpose: body.purpose?.trim() ?? '', attendees: body.attendees ?? null, seriesId: null, status } as const;
  const placed = await withRetry(() =>
    ctx.db.transaction(async (tx) => {
      const result = await place(tx, draft, now);
      if (!result.ok) return result;
      await recordAudit(tx, actor, now, {
        action: 'booking.create',
        objectType: 'booking',
        objectId: result.booking.id,
        orgNodeId: row.orgNodeId,
        details: { roomId: row.room.id, teamId, startsAt: iso(start), endsAt: iso(end), status },
      });
      if (status === 'pending') {
        const approvers = await roomsRepo.approversOf(tx, row.nodePath, APPROVER_ROLES);
        await notes.approvalNeeded(tx, approvers, { booking: result.booking, roomName: row.room.name, teamLeaderId: null }, principal.displayName, now);
      }
      await notes.bookingMade(tx, { booking: result.booking, roomName: row.room.name, teamLeaderId: team?.team.leaderUserId ?? null }, now);
      return result;
    }),
  );
  if (!placed.ok) throw placed.reason === 'taken' ? await takenError(ctx.db, row.room, row.orgNodeId, start, end, now) : placed.problem;
  kickOutbox(ctx);
  // Everything the answer needs is at hand; the new booking is the caller's own, so their teams do not matter.
  const presented = {
    booking: placed.booking,
    roomName: row.room.name,
    serviceCenterId: row.room.serviceCenterId,
    cancelNoticeMinutes: row.room.cancelNoticeMinutes,
    checkinOpensMinutes: row.room.checkinOpensMinutes,
    centerName: row.centerName,
    orgNodeId: row.orgNodeId,
    nodePath: row.nodePath,
    teamName: team?.team.name ?? null,
    teamLeaderId: team?.team.leaderUserId ?? null,
    bookerName: principal.displayName,
  };
  return presentBooking(scope, presented, [], now);
}

export async function getBooking(ctx: AppContext, principal: Principal, id: number) {
  return loadPresented(ctx, await loadScope(ctx.db, principal), id);
}

/** My bookings and my teams' bookings, from a week ago on unless a range is given. */
export async function listMine(ctx: AppContext, principal: Principal, query: MyBookingsQuery) {
  const scope = await loadScope(ctx.db, principal);
  const now = ctx.clock.now();
  const teamIds = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  if (query.from) parseDay(query.from);
  if (query.to) parseDay(query.to);
  const rows = await repo.listForUser(ctx.db, {
    userId: scope.userId,
    teamIds,
    from: query.from ? instantAt(query.from, 0) : new Date(now.getTime() - 7 * 86_400_000),
    to: query.to ? instantAt(query.to, 1440) : null,
    statuses: query.status,
    limit: query.limit,
  });
  return { items: rows.map((r) => presentBooking(scope, r, teamIds, now)) };
}

/** The staff calendar: every booking in the rooms the caller manages or checks in, over up to 62 days. */
export async function listForStaff(ctx: AppContext, principal: Principal, query: StaffBookingsQuery) {
  checkRange(query.from, query.to, 62);
  const scope = await loadScope(ctx.db, principal);
  const paths = minimalPaths([...scope.managePaths, ...scope.checkinPaths]);
  if (paths.length === 0) throw errors.forbidden();
  if (query.centerId) await visibleCenter(ctx.db, scope, query.centerId);
  if (query.roomId) await visibleRoom(ctx.db, scope, query.roomId);
  const rows = await repo.listInSubtrees(ctx.db, {
    paths,
    from: instantAt(query.from, 0),
    to: instantAt(query.to, 1440),
    centerId: query.centerId,
    roomId: query.roomId,
    teamId: query.teamId,
    statuses: query.status,
    limit: 5000,
  });
  const teamIds = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  const now = ctx.clock.now();
  return { items: rows.map((r) => presentBooking(scope, r, teamIds, now)) };
}

/** How much of the week's quota the caller (or their team) has used in a room, and any suspension. */
export async function quotaStatus(ctx: AppContext, principal: Principal, query: QuotaQuery) {
  const scope = await loadScope(ctx.db, principal);
  const row = await bookableRoom(ctx.db, scope, query.roomId);
  if (query.teamId) await assertTeamBooking(ctx.db, scope, query.teamId);
  const subject = repo.subjectOf(query.teamId ?? null, scope.userId);
  const at = query.date ? instantAt(query.date, 720) : ctx.clock.now();
  const uses = await quotaUse(ctx.db, row.room, subject, at);
  const suspension = await repo.activeSuspension(ctx.db, row.room.serviceCenterId, subject, ctx.clock.now());
  return {
    items: uses.map((u) => ({
      scope: u.scope,
      subject: u.subject,
      limitMinutes: u.limitMinutes,
      usedMinutes: u.usedMinutes,
      remainingMinutes: Math.max(0, u.limitMinutes - u.usedMinutes),
      weekStart: u.weekStart,
    })),
    suspendedUntil: suspension ? iso(suspension.endsAt) : null,
  };
}
