import { and, eq, sql } from 'drizzle-orm';
import { activities, activitySignups, hourEntries } from '../../db/schema/volunteers.js';
import { AppError } from '../../platform/errors.js';
import { chinaTime, DemoTimeline, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { createActivity } from './activities.service.js';
import { adjustEntry, confirmEntries } from './hours.service.js';
import { sendReminders } from './jobs.js';
import { autoCheckOut, checkSignup, signUpVolunteer } from './signups.service.js';

/**
 * The activities demo, after the volunteers': 保利社区's staff (王丽娜) publish a weekly 敬老院 cleaning for the last
 * five weeks and a few one-off activities; the volunteers (ids from the volunteers demo) sign up, are checked in at
 * the door and out at the end; one never checks out and the job does it at the end (flagged, then adjusted with a
 * reason); the staff confirm most records within days, one three weeks late (awaiting the county's approval). Coming
 * activities have sign-ups, one of them full with a waitlist. Every step is the service its route calls, on the
 * demo clock. Skipped when 保利社区 already has activities.
 */
export interface ActivitiesDemoResult {
  skipped: boolean;
  activities: number;
  signups: number;
  records: number;
  confirmed: number;
  awaitingApproval: number;
  autoCheckedOut: number;
}

const ORGANISER = 'baoli.staff';

interface Plan {
  title: string;
  category: 'elderly_care' | 'environment' | 'digital_help' | 'civility' | 'health' | 'children';
  place: string;
  point: [number, number];
  day: number;
  from: string;
  to: string;
  capacity: number;
  weeks?: number;
  /** How many of the volunteers sign up (from the front of the list, shifted per activity). */
  take: number;
}

const PAST: Plan[] = [
  { title: '敬老院卫生大扫除', category: 'elderly_care', place: '保利社区日间照料中心', point: [109.8815, 40.651], day: -35, from: '09:00', to: '11:30', capacity: 8, weeks: 5, take: 6 },
  { title: '小区垃圾分类宣传', category: 'environment', place: '保利社区东门广场', point: [109.8831, 40.6512], day: -24, from: '15:00', to: '17:00', capacity: 10, take: 5 },
  { title: '老年人智能手机教学', category: 'digital_help', place: '保利社区党群服务中心二楼', point: [109.8822, 40.6508], day: -9, from: '14:30', to: '16:30', capacity: 12, take: 4 },
];

const COMING: Plan[] = [
  { title: '文明交通劝导', category: 'civility', place: '钢铁大街与少先路路口', point: [109.8802, 40.6521], day: 2, from: '07:30', to: '09:00', capacity: 6, take: 3 },
  { title: '义诊量血压', category: 'health', place: '保利社区卫生服务站', point: [109.8818, 40.6505], day: 5, from: '09:00', to: '11:00', capacity: 3, take: 5 },
  { title: '四点半课堂辅导', category: 'children', place: '保利社区四点半课堂', point: [109.8826, 40.6514], day: 9, from: '16:30', to: '18:00', capacity: 8, take: 2 },
];

export async function seedActivitiesDemo(session: DemoSession, volunteerIds: number[]): Promise<ActivitiesDemoResult> {
  const { ctx, clock, until } = session;
  const result: ActivitiesDemoResult = { skipped: false, activities: 0, signups: 0, records: 0, confirmed: 0, awaitingApproval: 0, autoCheckedOut: 0 };
  const organiser = await session.person(ORGANISER);
  const nodeId = organiser.principal.roles.find((r) => r.role === 'community_staff')?.orgNodeId;
  if (!nodeId || volunteerIds.length === 0) return { ...result, skipped: true };
  const [existing] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(activities).where(eq(activities.nodeId, nodeId));
  if ((existing?.n ?? 0) > 0) return { ...result, skipped: true };

  const timeline = new DemoTimeline();
  const start = chinaTime(until, -42, '10:00');
  let shift = 0;
  const pick = (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < Math.min(n, volunteerIds.length); i++) out.push(volunteerIds[(shift + i) % volunteerIds.length]!);
    shift += 2;
    return out;
  };

  const publish = async (plan: Plan, by: DemoPerson) => {
    const startsAt = chinaTime(until, plan.day, plan.from);
    const created = await createActivity(ctx, by.principal, by.actor, {
      nodeId,
      title: plan.title,
      category: plan.category,
      description: `${plan.title}，欢迎志愿者报名参加。`,
      placeName: plan.place,
      lng: plan.point[0],
      lat: plan.point[1],
      startsAt: startsAt.toISOString(),
      endsAt: chinaTime(until, plan.day, plan.to).toISOString(),
      capacity: plan.capacity,
      signupDeadline: new Date(startsAt.getTime() - 3_600_000).toISOString(),
      repeatWeeks: plan.weeks ?? 1,
    });
    result.activities += created.ids.length;
    return created.ids;
  };

  const signUpAll = async (activityId: number, people: number[], actor: DemoPerson['actor']) => {
    const ids: number[] = [];
    for (const v of people) {
      try {
        const row = await signUpVolunteer(ctx, activityId, v, actor);
        result.signups++;
        if (row.status === 'signed_up') ids.push(row.id);
      } catch (err) {
        // A volunteer the activity refuses (age, status) simply does not join.
        if (!(err instanceof AppError)) throw err;
      }
    }
    return ids;
  };

  // Past activities: published a week before, sign-ups the days after, check-in/out on the day, confirmation later.
  let late = true;
  let autoOne = true;
  timeline.at(start, async () => {
    for (const plan of PAST) {
      const ids = await publish(plan, organiser);
      const [first] = await ctx.db.select().from(activities).where(eq(activities.id, ids[0]!));
      for (const [week, id] of ids.entries()) {
        const startsAt = new Date(first!.startsAt.getTime() + week * 7 * 86_400_000);
        const endsAt = new Date(first!.endsAt.getTime() + week * 7 * 86_400_000);
        const people = pick(plan.take);
        const signedUp: number[] = [];
        timeline.at(new Date(startsAt.getTime() - 3 * 86_400_000), async () => {
          signedUp.push(...(await signUpAll(id, people, organiser.actor)));
        });
        timeline.at(new Date(startsAt.getTime() - 20 * 60_000), async () => {
          for (const s of signedUp) await checkSignup(ctx, s, 'in', organiser.actor, { recordedBy: organiser.principal.userId });
        });
        const never = autoOne;
        autoOne = false;
        timeline.at(new Date(endsAt.getTime() - 5 * 60_000), async () => {
          // The first activity's last volunteer leaves without checking out.
          const out = never ? signedUp.slice(0, -1) : signedUp;
          for (const s of out) await checkSignup(ctx, s, 'out', organiser.actor, { recordedBy: organiser.principal.userId });
        });
        timeline.at(new Date(endsAt.getTime() + 30 * 60_000), async () => {
          result.autoCheckedOut += await autoCheckOut(ctx, clock.now());
        });
        // Confirmation: two days later; the 垃圾分类 one is only confirmed three weeks later (late).
        const lateOne = late && plan.title === '小区垃圾分类宣传';
        if (lateOne) late = false;
        timeline.at(new Date(endsAt.getTime() + (lateOne ? 21 : 2) * 86_400_000), async () => {
          const entries = await ctx.db
            .select()
            .from(hourEntries)
            .where(and(eq(hourEntries.activityId, id), eq(hourEntries.kind, 'record'), eq(hourEntries.status, 'pending')));
          for (const e of entries.filter((x) => x.flagged)) {
            await adjustEntry(ctx, organiser.principal, organiser.actor, e.id, { minutes: Math.max(0, e.minutes - 30), reason: '未签退，按签到表核实提前半小时离开' });
          }
          if (entries.length) await confirmEntries(ctx, organiser.principal, organiser.actor, entries.map((e) => e.id));
        });
      }
    }
  });

  // Coming activities: published a few days ago, signed up since; one is full with a waitlist.
  timeline.at(chinaTime(until, -4, '09:30'), async () => {
    for (const plan of COMING) {
      const [id] = await publish(plan, organiser);
      timeline.at(chinaTime(until, -2, '20:00'), async () => {
        await signUpAll(id!, pick(plan.take), organiser.actor);
      });
    }
  });
  // The reminder job at the story's end (it tells those of activities starting within a day).
  timeline.at(until, async () => {
    await sendReminders(ctx, clock.now());
  });

  await timeline.run(clock, until);
  const counts = await ctx.db
    .select({ status: hourEntries.status, n: sql<number>`count(*)::int` })
    .from(hourEntries)
    .innerJoin(activitySignups, eq(activitySignups.id, hourEntries.signupId))
    .where(and(eq(hourEntries.nodeId, nodeId), eq(hourEntries.kind, 'record')))
    .groupBy(hourEntries.status);
  for (const c of counts) {
    result.records += c.n;
    if (c.status === 'confirmed') result.confirmed += c.n;
    if (c.status === 'awaiting_approval') result.awaitingApproval += c.n;
  }
  return result;
}
