import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { roleAssignments } from '../../db/schema/users.js';
import { microWishes, wishClaims, wishEvents } from '../../db/schema/wishes.js';
import type { AppContext } from '../../platform/context.js';
import { notify } from '../../platform/notifications.js';
import { outboxDispatcherOf } from '../notifications/notifications.dispatcher.js';
import { addDays, chinaDay } from '../gridwork/days.js';

/**
 * The deadline job, hourly: a wish claimed (wholly or in part) but not fulfilled by its deadline goes back on the
 * wall — its claims are returned, its shares freed and its deadline moved RETURN_EXTENSION_DAYS after today — and
 * the claimants and the community's staff are told. The conditional update (still published, shares held, deadline
 * passed) decides per wish: with two processes only one matches, and only that one notifies, in the same transaction.
 */
export const WISH_DEADLINE_JOB = 'wishes.deadline_returns';
export const RETURN_EXTENSION_DAYS = 14;
const STAFF_ROLES = ['community_staff', 'community_secretary'];

export function registerWishDeadlineJob(ctx: AppContext): void {
  ctx.jobs.register({ name: WISH_DEADLINE_JOB, intervalMs: 3_600_000, run: async (now) => void (await returnOverdueWishes(ctx, now)) });
}

export async function returnOverdueWishes(ctx: AppContext, now: Date): Promise<number> {
  const day = chinaDay(now);
  const due = await ctx.db
    .select({ id: microWishes.id })
    .from(microWishes)
    .where(and(eq(microWishes.status, 'published'), sql`${microWishes.claimedShares} > 0`, lt(microWishes.deadline, day)));
  let returned = 0;
  for (const { id } of due) {
    const done = await ctx.db.transaction(async (tx) => {
      const newDeadline = addDays(day, RETURN_EXTENSION_DAYS);
      const [w] = await tx
        .update(microWishes)
        .set({ claimedShares: 0, deadline: newDeadline, returnedCount: sql`${microWishes.returnedCount} + 1`, updatedAt: now })
        .where(and(eq(microWishes.id, id), eq(microWishes.status, 'published'), sql`${microWishes.claimedShares} > 0`, lt(microWishes.deadline, day)))
        .returning({ id: microWishes.id, title: microWishes.title, communityId: microWishes.communityId, nodeId: microWishes.nodeId });
      if (!w) return false;
      const claims = await tx
        .update(wishClaims)
        .set({ status: 'returned', returnedAt: now })
        .where(and(eq(wishClaims.wishId, id), eq(wishClaims.status, 'active')))
        .returning({ userId: wishClaims.userId });
      await tx.insert(wishEvents).values({ wishId: id, kind: 'returned', actorUserId: null, actorLabel: '', note: newDeadline, at: now });
      const staff = w.communityId
        ? await tx
            .selectDistinct({ userId: roleAssignments.userId })
            .from(roleAssignments)
            .where(and(eq(roleAssignments.orgNodeId, w.communityId), inArray(roleAssignments.role, STAFF_ROLES)))
        : [];
      const userIds = [...new Set([...claims.map((c) => c.userId), ...staff.map((s) => s.userId)])];
      if (userIds.length > 0) {
        await notify(
          tx,
          {
            userIds,
            kind: 'wishes.returned',
            title: `微心愿到期未完成，已重新上墙：${w.title}`,
            body: `认领已退回，新的截止日期为 ${newDeadline}`,
            en: { title: `Micro-wish not fulfilled by its deadline, back on the wall: ${w.title}`, body: `The claims were returned; the new deadline is ${newDeadline}` },
            link: `/wishes/${id}`,
            data: { wishId: id },
          },
          now,
        );
      }
      return true;
    });
    if (done) returned++;
  }
  if (returned) outboxDispatcherOf(ctx).kick();
  return returned;
}
