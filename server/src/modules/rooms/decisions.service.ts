import type { Tx } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as repo from './bookings.repo.js';
import type { CancelBody, DecisionBody } from './bookings.schema.js';
import { kickOutbox, loadPresented } from './bookings.service.js';
import { roomErrors, withRetry } from './errors.js';
import { formatClock } from './hours.js';
import * as notes from './rooms.notify.js';
import { assertSeeBooking, isOwner, manages, type RoomScope } from './rooms.policy.js';
import { presentBooking } from './rooms.present.js';
import { loadScope } from './rooms.scope.js';
import * as teamsRepo from './teams.repo.js';
import { iso, MINUTE_MS } from './time.js';
import { promoteFreed } from './waitlist.service.js';

/** Cancel, approve and reject: each a conditional state change, an audit row, notifications, waitlist promotion. */

async function visible(ctx: AppContext, scope: RoomScope, id: number) {
  const row = await repo.findBooking(ctx.db, id);
  const myTeams = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  const subject = row ? { nodePath: row.nodePath, bookedBy: row.booking.bookedBy, teamId: row.booking.teamId, teamLeaderId: row.teamLeaderId } : undefined;
  assertSeeBooking(scope, subject, myTeams);
  return { row: row!, subject: subject! };
}

const changedMeanwhile = () =>
  errors.conflict('booking_changed', '该预约的状态刚刚发生了变化，请刷新后重试', 'The booking changed in the meantime; reload and try again');

/**
 * Why the caller may not cancel now, or null. Staff may cancel any booking that has not ended; the booker (or
 * the team's leader) a pending request until it starts and a confirmed booking until the room's notice.
 */
function cancelRefusal(scope: RoomScope, row: repo.BookingWithRoom, subject: Parameters<typeof isOwner>[1], now: Date) {
  const b = row.booking;
  const staff = manages(scope, row.nodePath);
  if (!staff && !isOwner(scope, subject)) return errors.forbidden();
  if (b.status !== 'pending' && b.status !== 'confirmed') {
    return roomErrors.wrongStatus(b.status, '该预约已结束或已取消，不能再取消', 'This booking is no longer open, so it cannot be cancelled');
  }
  if (now >= b.endsAt) return roomErrors.started();
  if (staff) return null;
  if (now >= b.startsAt) return roomErrors.started();
  const deadline = new Date(b.startsAt.getTime() - row.cancelNoticeMinutes * MINUTE_MS);
  if (b.status === 'confirmed' && now > deadline) return roomErrors.cancelTooLate(iso(deadline));
  return null;
}

/** Cancel one booking inside a transaction and hand its time to the waitlist. */
async function cancelInTx(tx: Tx, row: repo.BookingWithRoom, scope: RoomScope, actor: ActorContext, reason: string | null, now: Date) {
  const updated = await repo.transition(tx, row.booking.id, ['pending', 'confirmed'], {
    status: 'cancelled',
    cancelledAt: now,
    cancelledBy: scope.userId,
    cancelReason: reason,
  });
  if (!updated) throw changedMeanwhile();
  await recordAudit(tx, actor, now, {
    action: 'booking.cancel',
    objectType: 'booking',
    objectId: updated.id,
    orgNodeId: row.orgNodeId,
    details: { reason, byStaff: !isOwner(scope, { nodePath: row.nodePath, bookedBy: row.booking.bookedBy, teamId: row.booking.teamId, teamLeaderId: row.teamLeaderId }) },
  });
  await notes.bookingCancelled(tx, { booking: updated, roomName: row.roomName, teamLeaderId: row.teamLeaderId }, scope.userId, now);
  await promoteFreed(tx, { roomId: updated.roomId, from: updated.startsAt, to: updated.endsAt }, now);
  return updated;
}

export async function cancel(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CancelBody) {
  const scope = await loadScope(ctx.db, principal);
  const { row, subject } = await visible(ctx, scope, id);
  const now = ctx.clock.now();
  const refusal = cancelRefusal(scope, row, subject, now);
  if (refusal) throw refusal;
  await withRetry(() => ctx.db.transaction((tx) => cancelInTx(tx, row, scope, actor, body.reason?.trim() || null, now)));
  kickOutbox(ctx);
  return loadPresented(ctx, scope, id);
}

async function decide(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: DecisionBody, approve: boolean) {
  const scope = await loadScope(ctx.db, principal);
  const { row } = await visible(ctx, scope, id);
  if (!manages(scope, row.nodePath)) throw errors.forbidden();
  if (row.booking.status !== 'pending') {
    throw roomErrors.wrongStatus(row.booking.status, '该预约不在待审批状态', 'This booking is not waiting for approval');
  }
  const now = ctx.clock.now();
  if (now >= row.booking.startsAt) throw roomErrors.started();
  const note = body.note?.trim() || null;
  await withRetry(() =>
    ctx.db.transaction(async (tx) => {
      const updated = await repo.transition(tx, id, ['pending'], {
        status: approve ? 'confirmed' : 'rejected',
        decidedAt: now,
        decidedBy: scope.userId,
        decisionNote: note,
      });
      if (!updated) throw changedMeanwhile();
      await recordAudit(tx, actor, now, {
        action: approve ? 'booking.approve' : 'booking.reject',
        objectType: 'booking',
        objectId: id,
        orgNodeId: row.orgNodeId,
        details: { note },
      });
      const bookingNote = { booking: updated, roomName: row.roomName, teamLeaderId: row.teamLeaderId };
      if (approve) await notes.bookingApproved(tx, bookingNote, now);
      else {
        await notes.bookingRejected(tx, bookingNote, now);
        await promoteFreed(tx, { roomId: updated.roomId, from: updated.startsAt, to: updated.endsAt }, now);
      }
    }),
  );
  kickOutbox(ctx);
  return loadPresented(ctx, scope, id);
}

export const approve = (ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: DecisionBody) =>
  decide(ctx, principal, actor, id, body, true);
export const reject = (ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: DecisionBody) =>
  decide(ctx, principal, actor, id, body, false);

/** A series as a whole: visible to whoever may see its bookings. */
async function visibleSeries(ctx: AppContext, scope: RoomScope, id: number) {
  const series = await repo.findSeries(ctx.db, id);
  if (!series) throw errors.notFound();
  const rows = await repo.seriesBookings(ctx.db, id);
  const myTeams = await teamsRepo.teamIdsOf(ctx.db, scope.userId);
  const first = rows[0];
  const subject = first ? { nodePath: first.nodePath, bookedBy: series.bookedBy, teamId: series.teamId, teamLeaderId: first.teamLeaderId } : undefined;
  assertSeeBooking(scope, subject, myTeams);
  return { series, rows, myTeams, subject: subject! };
}

/** Cancel every future booking of a series that may still be cancelled; report those kept. */
export async function cancelSeries(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CancelBody) {
  const scope = await loadScope(ctx.db, principal);
  const { series, rows, myTeams, subject } = await visibleSeries(ctx, scope, id);
  if (!manages(scope, subject.nodePath) && !isOwner(scope, subject)) throw errors.forbidden();
  const now = ctx.clock.now();
  const open = rows.filter((r) => r.booking.status === 'pending' || r.booking.status === 'confirmed');
  const cancellable = open.filter((r) => cancelRefusal(scope, r, subject, now) === null);
  const kept = open.filter((r) => !cancellable.includes(r));
  const reason = body.reason?.trim() || null;
  await withRetry(() =>
    ctx.db.transaction(async (tx) => {
      for (const r of cancellable) await cancelInTx(tx, r, scope, actor, reason, now);
      if (kept.length === 0) await repo.markSeriesCancelled(tx, id, now);
      await recordAudit(tx, actor, now, {
        action: 'booking_series.cancel',
        objectType: 'booking_series',
        objectId: series.id,
        details: { cancelled: cancellable.length, kept: kept.length, reason },
      });
    }),
  );
  kickOutbox(ctx);
  return { cancelled: cancellable.length, kept: kept.map((r) => presentBooking(scope, r, myTeams, now)) };
}

export async function seriesDetail(ctx: AppContext, principal: Principal, id: number) {
  const scope = await loadScope(ctx.db, principal);
  const { series, rows, myTeams } = await visibleSeries(ctx, scope, id);
  const now = ctx.clock.now();
  return { series: presentSeries(series), bookings: rows.map((r) => presentBooking(scope, r, myTeams, now)) };
}

export function presentSeries(s: repo.SeriesRow) {
  return {
    id: s.id,
    roomId: s.roomId,
    teamId: s.teamId,
    weekdays: s.weekdays,
    startTime: formatClock(s.startsMin),
    endTime: formatClock(s.endsMin),
    firstDate: s.firstDate,
    lastDate: s.lastDate,
    purpose: s.purpose,
    cancelledAt: s.cancelledAt ? iso(s.cancelledAt) : null,
  };
}
