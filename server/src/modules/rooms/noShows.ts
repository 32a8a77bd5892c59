import type { Tx } from '../../db/client.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import * as repo from './bookings.repo.js';
import { kickOutbox } from './bookings.service.js';
import { withRetry } from './errors.js';
import * as notes from './rooms.notify.js';
import * as roomsRepo from './rooms.repo.js';
import { DAY_MS } from './time.js';
import { promoteFreed } from './waitlist.service.js';
import * as waitlistRepo from './waitlist.repo.js';

/**
 * The release job, every minute: a confirmed booking not checked in `no_show_release_minutes` after its start
 * becomes a no-show — its remaining time goes to the waitlist and it counts against the booker (the team for a
 * team booking); enough no-shows within the center's window suspend booking there for a while. A request still
 * pending when it starts expires the same way. Waitlist entries whose time has come expire.
 *
 * Safe in several processes at once: each booking moves with a conditional update (one process wins), and
 * suspensions are decided under the subject's advisory lock.
 */

export const RELEASE_JOB = 'rooms.release_no_shows';
const BATCH = 200;
const SYSTEM: ActorContext = { userId: null, ip: null, userAgent: `job:${RELEASE_JOB}` };

export function registerRoomJobs(ctx: AppContext): void {
  ctx.jobs.register({ name: RELEASE_JOB, intervalMs: 60_000, run: (now) => releaseDue(ctx, now).then(() => undefined) });
}

async function suspendIfRepeated(tx: Tx, booking: repo.BookingRow, centerId: number, now: Date, teamLeaderId: number | null): Promise<void> {
  const center = await roomsRepo.findCenter(tx, centerId);
  if (!center) return;
  const subject = repo.subjectOf(booking.teamId, booking.bookedBy);
  await repo.lockSubject(tx, subject);
  const since = new Date(now.getTime() - center.settings.noShowWindowDays * DAY_MS);
  const count = await repo.countNoShows(tx, centerId, subject, since);
  if (count < center.settings.noShowLimit || (await repo.activeSuspension(tx, centerId, subject, now))) return;
  const until = new Date(now.getTime() + center.settings.suspensionDays * DAY_MS);
  const suspension = await repo.insertSuspension(tx, { serviceCenterId: centerId, subject, startsAt: now, endsAt: until, noShows: count, createdAt: now });
  await recordAudit(tx, SYSTEM, now, {
    action: 'booking.suspend',
    objectType: subject.kind === 'team' ? 'team' : 'user',
    objectId: subject.kind === 'team' ? subject.teamId : subject.userId,
    orgNodeId: center.center.orgNodeId,
    details: { suspensionId: suspension.id, noShows: count, until: until.toISOString(), serviceCenterId: centerId },
  });
  const recipients = [booking.bookedBy, ...(teamLeaderId ? [teamLeaderId] : [])];
  await notes.bookingSuspended(tx, [...new Set(recipients)], center.center.name, until, count, now);
}

async function releaseOne(tx: Tx, id: number, now: Date): Promise<'released' | 'expired' | null> {
  const row = await repo.findBooking(tx, id);
  if (!row) return null;
  const noShow = row.booking.status === 'confirmed';
  const updated = await repo.transition(tx, id, [noShow ? 'confirmed' : 'pending'], { status: noShow ? 'no_show' : 'expired', releasedAt: now });
  if (!updated) return null;
  await recordAudit(tx, SYSTEM, now, {
    action: noShow ? 'booking.no_show' : 'booking.expire',
    objectType: 'booking',
    objectId: id,
    orgNodeId: row.orgNodeId,
    details: { startsAt: row.booking.startsAt.toISOString() },
  });
  const note = { booking: updated, roomName: row.roomName, teamLeaderId: row.teamLeaderId };
  if (noShow) {
    await notes.bookingReleased(tx, note, now);
    await suspendIfRepeated(tx, updated, row.serviceCenterId, now, row.teamLeaderId);
  } else {
    await notes.requestExpired(tx, note, now);
  }
  await promoteFreed(tx, { roomId: updated.roomId, from: now, to: updated.endsAt }, now);
  return noShow ? 'released' : 'expired';
}

export async function releaseDue(ctx: AppContext, now: Date): Promise<{ released: number; expired: number; waitlistExpired: number }> {
  const tally = { released: 0, expired: 0, waitlistExpired: 0 };
  for (;;) {
    const due = await repo.dueForRelease(ctx.db, now, BATCH);
    for (const d of due) {
      const outcome = await withRetry(() => ctx.db.transaction((tx) => releaseOne(tx, d.id, now)));
      if (outcome) tally[outcome]++;
    }
    if (due.length < BATCH) break;
  }
  tally.waitlistExpired = await waitlistRepo.expireStarted(ctx.db, now);
  if (tally.released + tally.expired > 0) kickOutbox(ctx);
  return tally;
}
