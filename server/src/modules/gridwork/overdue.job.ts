import { and, eq, inArray, isNull } from 'drizzle-orm';
import { visitOverdueNotices } from '../../db/schema/gridwork.js';
import { orgNodes } from '../../db/schema/org.js';
import { roleAssignments } from '../../db/schema/users.js';
import type { AppContext } from '../../platform/context.js';
import { maskName } from '../../platform/masking.js';
import { notify } from '../../platform/notifications.js';
import { outboxDispatcherOf } from '../notifications/notifications.dispatcher.js';
import { chinaDay, daysBetween } from './days.js';
import { plansOf } from './plans.service.js';
import { plannedPeople } from './plans.repo.js';

/**
 * The overdue job, hourly: a person whose visit is more than `overdue_notice_days` late is told to their
 * community's staff, once per person and due date. The unique key (person, due date) decides: with two processes
 * the insert of one wins and only that one notifies, in the same transaction.
 */
export const OVERDUE_JOB = 'gridwork.overdue_notices';
const STAFF_ROLES = ['community_staff', 'community_secretary'];

export function registerOverdueJob(ctx: AppContext): void {
  ctx.jobs.register({ name: OVERDUE_JOB, intervalMs: 3_600_000, run: async (now) => void (await sendOverdueNotices(ctx, now)) });
}

export async function sendOverdueNotices(ctx: AppContext, now: Date): Promise<number> {
  const roots = await ctx.db.select({ path: orgNodes.path }).from(orgNodes).where(isNull(orgNodes.parentId));
  const today = chinaDay(now);
  const late = plansOf(
    await plannedPeople(
      ctx.db,
      roots.map((r) => r.path),
    ),
  ).filter((plan) => plan.communityId != null && daysBetween(plan.dueOn, today) > plan.overdueNoticeDays);
  let sent = 0;
  for (const plan of late) {
    const notified = await ctx.db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(visitOverdueNotices)
        .values({ personId: plan.personId, dueOn: plan.dueOn, communityId: plan.communityId, notifiedAt: now })
        .onConflictDoNothing()
        .returning({ id: visitOverdueNotices.id });
      if (!claimed) return false;
      const staff = await tx
        .selectDistinct({ userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.orgNodeId, plan.communityId!), inArray(roleAssignments.role, STAFF_ROLES)));
      if (staff.length === 0) return true;
      const days = daysBetween(plan.dueOn, today);
      const who = maskName(plan.name) ?? '';
      await notify(
        tx,
        {
          userIds: staff.map((s) => s.userId),
          kind: 'gridwork.visit_overdue',
          title: `走访逾期：${who}`,
          body: `${plan.place}，应于 ${plan.dueOn} 走访，已逾期 ${days} 天`,
          en: { title: `Visit overdue: ${who}`, body: `${plan.place}: due ${plan.dueOn}, ${days} days overdue` },
          link: `/console/gridwork/coverage?nodeId=${plan.communityId}`,
          data: { personId: plan.personId, dueOn: plan.dueOn },
        },
        now,
      );
      return true;
    });
    if (notified) sent++;
  }
  if (sent) outboxDispatcherOf(ctx).kick();
  return sent;
}
