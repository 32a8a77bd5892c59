import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as repo from './bookings.repo.js';
import { loadScope, managedCenter } from './rooms.scope.js';
import { iso } from './time.js';

/** Booking suspensions after repeated no-shows: staff see who is suspended at their center and may lift it early. */

function present(row: Awaited<ReturnType<typeof repo.currentSuspensions>>[number]) {
  const s = row.suspension;
  return {
    id: s.id,
    serviceCenterId: s.serviceCenterId,
    user: s.userId !== null ? { id: s.userId, displayName: row.userName ?? '' } : null,
    team: s.teamId !== null ? { id: s.teamId, name: row.teamName ?? '' } : null,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    noShows: s.noShows,
    allowedActions: ['lift' as const],
  };
}

export async function listSuspensions(ctx: AppContext, principal: Principal, centerId: number) {
  const scope = await loadScope(ctx.db, principal);
  await managedCenter(ctx.db, scope, centerId);
  return { items: (await repo.currentSuspensions(ctx.db, centerId, ctx.clock.now())).map(present) };
}

export async function liftSuspension(ctx: AppContext, principal: Principal, actor: ActorContext, centerId: number, id: number) {
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, centerId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const lifted = await repo.liftSuspension(tx, id, centerId, actor.userId, now);
    if (!lifted || lifted.endsAt <= now) throw errors.notFound();
    await recordAudit(tx, actor, now, {
      action: 'booking.suspension_lift',
      objectType: 'booking_suspension',
      objectId: id,
      orgNodeId: center.center.orgNodeId,
      details: { userId: lifted.userId, teamId: lifted.teamId },
    });
  });
  return listSuspensions(ctx, principal, centerId);
}
