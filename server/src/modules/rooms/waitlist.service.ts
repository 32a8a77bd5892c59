import type { Tx } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { hoursProblem, shapeProblem, timingProblem } from './bookingRules.js';
import * as bookingsRepo from './bookings.repo.js';
import type { JoinWaitlistBody } from './bookings.schema.js';
import { APPROVER_ROLES, assertTeamBooking, kickOutbox } from './bookings.service.js';
import { quotaProblem, suspensionProblem } from './eligibility.js';
import { pgErrorCode } from './errors.js';
import { roomDays } from './hours.service.js';
import { place } from './placement.js';
import * as notes from './rooms.notify.js';
import * as roomsRepo from './rooms.repo.js';
import { bookableRoom, loadScope } from './rooms.scope.js';
import * as teamsRepo from './teams.repo.js';
import { dateOf, iso, parseInstant } from './time.js';
import * as repo from './waitlist.repo.js';

/**
 * The waitlist 候补: wait for a taken time; when time in a room frees up (a cancellation, a rejection, a no-show
 * release) the entries overlapping it are tried first in line first. An entry gets the time only if the whole
 * window is free now — the insert goes through the same exclusion constraint as any booking, so nobody's
 * booking is ever taken away — and only if its subject is not suspended and still within quota; otherwise the
 * next in line is tried.
 */

export interface Freed {
  roomId: number;
  from: Date;
  to: Date;
}

/** Promote waiting entries into freed time, inside the transaction that freed it. Returns the new bookings. */
export async function promoteFreed(tx: Tx, freed: Freed, now: Date): Promise<bookingsRepo.BookingRow[]> {
  const from = new Date(Math.max(freed.from.getTime(), now.getTime()));
  if (from >= freed.to) return [];
  const entries = await repo.waitingOverlapping(tx, freed.roomId, from, freed.to, now);
  if (entries.length === 0) return [];
  const row = await roomsRepo.findRoom(tx, freed.roomId);
  if (!row || !row.room.active) return [];
  const promoted: bookingsRepo.BookingRow[] = [];
  const leaders = await teamsRepo.leadersOf(tx, entries.flatMap((e) => (e.teamId ? [e.teamId] : [])));
  for (const entry of entries) {
    if (entry.teamId !== null && !(await teamsRepo.isMember(tx, entry.teamId, entry.userId))) continue;
    const placed = await place(
      tx,
      {
        room: row.room,
        bookedBy: entry.userId,
        teamId: entry.teamId,
        start: entry.startsAt,
        end: entry.endsAt,
        purpose: entry.purpose,
        attendees: null,
        seriesId: null,
        status: row.room.requiresApproval ? 'pending' : 'confirmed',
      },
      now,
    );
    if (!placed.ok) continue;
    await repo.resolveEntry(tx, entry.id, 'promoted', now, placed.booking.id);
    const note = { booking: placed.booking, roomName: row.room.name, teamLeaderId: entry.teamId ? (leaders.get(entry.teamId) ?? null) : null };
    await notes.waitlistPromoted(tx, note, now);
    if (placed.booking.status === 'pending') {
      const booker = await teamsRepo.findUser(tx, { userId: entry.userId });
      await notes.approvalNeeded(tx, await roomsRepo.approversOf(tx, row.nodePath, APPROVER_ROLES), note, booker?.displayName ?? '', now);
    }
    promoted.push(placed.booking);
  }
  return promoted;
}

export function presentEntry(row: Awaited<ReturnType<typeof repo.entriesOf>>[number], userId: number) {
  const e = row.entry;
  return {
    id: e.id,
    roomId: e.roomId,
    roomName: row.roomName,
    team: e.teamId !== null && row.teamName !== null ? { id: e.teamId, name: row.teamName } : null,
    startsAt: iso(e.startsAt),
    endsAt: iso(e.endsAt),
    purpose: e.purpose,
    status: e.status,
    position: row.position === null ? null : Number(row.position),
    createdAt: iso(e.createdAt),
    bookingId: e.bookingId,
    allowedActions: e.status === 'waiting' && e.userId === userId ? ['leave' as const] : [],
  };
}

export async function listMine(ctx: AppContext, principal: Principal) {
  const teamIds = await teamsRepo.teamIdsOf(ctx.db, principal.userId);
  const rows = await repo.entriesOf(ctx.db, principal.userId, teamIds, 200);
  return { items: rows.map((r) => presentEntry(r, principal.userId)) };
}

async function presentOne(ctx: AppContext, userId: number, id: number) {
  const teamIds = await teamsRepo.teamIdsOf(ctx.db, userId);
  const rows = await repo.entriesOf(ctx.db, userId, teamIds, 500);
  const row = rows.find((r) => r.entry.id === id);
  if (!row) throw errors.notFound();
  return presentEntry(row, userId);
}

export async function join(ctx: AppContext, principal: Principal, actor: ActorContext, body: JoinWaitlistBody) {
  const scope = await loadScope(ctx.db, principal);
  const row = await bookableRoom(ctx.db, scope, body.roomId);
  const teamId = body.teamId ?? null;
  if (teamId !== null) await assertTeamBooking(ctx.db, scope, teamId);
  const start = parseInstant(body.startsAt, 'startsAt');
  const end = parseInstant(body.endsAt, 'endsAt');
  const now = ctx.clock.now();
  const early = shapeProblem(row.room, start, end) ?? timingProblem(row.room, start, now);
  if (early) throw early;
  const date = dateOf(start.getTime());
  const [day] = await roomDays(ctx.db, row.room, row.orgNodeId, date, date);
  const closed = hoursProblem(day!, start, end);
  if (closed) throw closed;
  const subject = bookingsRepo.subjectOf(teamId, scope.userId);
  const busy = await bookingsRepo.holdingIn(ctx.db, [row.room.id], start, end);
  if (busy.length === 0) {
    throw errors.conflict('slot_free', '该时段目前空闲，可直接预约', 'That time is free right now: book it directly');
  }
  if (busy.some((b) => (teamId === null ? b.teamId === null && b.bookedBy === scope.userId : b.teamId === teamId))) {
    throw errors.conflict('already_booked', '您已预约了该时段', 'You already hold a booking at that time');
  }
  const refusal = (await suspensionProblem(ctx.db, row.room.serviceCenterId, subject, now)) ?? (await quotaProblem(ctx.db, row.room, subject, start, end));
  if (refusal) throw refusal;
  try {
    const entry = await ctx.db.transaction(async (tx) => {
      const inserted = await repo.insertEntry(tx, { roomId: row.room.id, teamId, userId: scope.userId, startsAt: start, endsAt: end, purpose: body.purpose?.trim() ?? '', createdAt: now });
      await recordAudit(tx, actor, now, {
        action: 'waitlist.join',
        objectType: 'booking_waitlist',
        objectId: inserted.id,
        orgNodeId: row.orgNodeId,
        details: { roomId: row.room.id, teamId, startsAt: iso(start), endsAt: iso(end) },
      });
      return inserted;
    });
    return presentOne(ctx, scope.userId, entry.id);
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw errors.conflict('already_waiting', '您已在该时段的候补名单中', 'You are already on the waitlist for that time');
    throw err;
  }
}

export async function leave(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const entry = await repo.findEntry(ctx.db, id);
  if (!entry || entry.userId !== principal.userId) throw errors.notFound();
  if (entry.status !== 'waiting') throw errors.conflict('waitlist_closed', '该候补已结束', 'That waitlist entry is no longer waiting', { status: entry.status });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.resolveEntry(tx, id, 'left', now);
    await recordAudit(tx, actor, now, { action: 'waitlist.leave', objectType: 'booking_waitlist', objectId: id, details: { roomId: entry.roomId } });
  });
  kickOutbox(ctx);
  return presentOne(ctx, principal.userId, id);
}
