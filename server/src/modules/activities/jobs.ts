import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { activityReminders } from '../../db/schema/activities.js';
import { activities, activitySignups, volunteers } from '../../db/schema/volunteers.js';
import type { AppContext } from '../../platform/context.js';
import { dueForReminder } from './activities.service.js';
import { HOUR_MS, iso } from './common.js';
import { kickOutbox, notifyVolunteers } from './hours.service.js';
import { autoCheckOut } from './signups.service.js';

/**
 * The two jobs of activities, both safe in two processes:
 * - reminders: an activity starting within REMINDER_LEAD_MS is reminded once — the insert into activity_reminders
 *   (primary key activity_id) claims it, and the notices go out in the same transaction;
 * - auto check-out: sign-ups checked in and never out when the activity has ended are checked out, each by a
 *   conditional update under a row lock, their record flagged for review.
 */
export const REMINDER_JOB = 'activities.reminders';
export const AUTO_CHECKOUT_JOB = 'activities.auto_checkout';
export const REMINDER_LEAD_MS = 24 * HOUR_MS;

export function registerActivityJobs(ctx: AppContext): void {
  ctx.jobs.register({ name: REMINDER_JOB, intervalMs: 10 * 60_000, run: async (now) => void (await sendReminders(ctx, now)) });
  ctx.jobs.register({ name: AUTO_CHECKOUT_JOB, intervalMs: 10 * 60_000, run: async (now) => void (await autoCheckOut(ctx, now)) });
}

export async function sendReminders(ctx: AppContext, now: Date): Promise<number> {
  const due = await dueForReminder(ctx.db, now, REMINDER_LEAD_MS);
  let sent = 0;
  for (const { id } of due) {
    const told = await ctx.db.transaction(async (tx) => {
      const people = await tx
        .select({ userId: volunteers.userId })
        .from(activitySignups)
        .innerJoin(volunteers, eq(volunteers.id, activitySignups.volunteerId))
        .where(and(eq(activitySignups.activityId, id), inArray(activitySignups.status, ['signed_up']), isNotNull(volunteers.userId)));
      const [claimed] = await tx
        .insert(activityReminders)
        .values({ activityId: id, sentAt: now, recipients: people.length })
        .onConflictDoNothing()
        .returning({ id: activityReminders.activityId });
      if (!claimed) return false;
      const [a] = await tx.select().from(activities).where(eq(activities.id, id));
      const when = iso(a!.startsAt).slice(0, 16).replace('T', ' ');
      await notifyVolunteers(
        tx,
        people.map((p) => p.userId),
        {
          kind: 'activity.reminder',
          title: `活动提醒：${a!.title}`,
          body: `${when} 在 ${a!.placeName || '活动地点'} 开始，请准时到场并扫码签到`,
          en: { title: `Reminder: ${a!.title}`, body: `Starts ${iso(a!.startsAt)} at ${a!.placeName || 'the venue'}; scan the QR code to check in` },
          link: `/activities/${id}`,
          data: { activityId: id },
        },
        now,
      );
      return true;
    });
    if (told) sent++;
  }
  if (sent) kickOutbox(ctx);
  return sent;
}
