import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { activities, activitySignups, volunteers } from '../../db/schema/volunteers.js';
import { assertCan, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import {
  activityErrors,
  activityWithPath,
  ageOn,
  CHECKIN_OPENS_MINUTES,
  iso,
  isoOrNull,
  MINUTE_MS,
  ownVolunteer,
  type ActivityRow,
  type VolunteerRow,
} from './common.js';
import { kickOutbox, notifyVolunteers, writeRecordEntry } from './hours.service.js';
import { presentActivity } from './common.js';

/**
 * Sign-up 报名 (docs/adr/0023). The capacity is held by the database: `signed_up` moves by a conditional update
 * (`where signed_up < capacity`) under the table's check, so N concurrent sign-ups fill exactly the free places
 * and the rest join the waitlist. Cancelling a place promotes the first waitlisted volunteer in the same
 * transaction. Check-in and check-out by the activity's QR token or by the organiser; check-out writes the hour
 * record.
 */

export type SignupRow = typeof activitySignups.$inferSelect;

type Refusal = Error | null;

/** Why this volunteer may not sign up for this activity now (null when they may). */
export function signupRefusal(a: ActivityRow, v: VolunteerRow, now: Date): Refusal {
  if (a.status === 'cancelled') return activityErrors.cancelled();
  if (now >= a.startsAt) return activityErrors.started();
  if (now > a.signupDeadline) return activityErrors.deadlinePassed(a.signupDeadline);
  if (v.status !== 'active') return activityErrors.volunteerInactive(v.status);
  if (a.minAge != null) {
    if (!v.birthDate) return activityErrors.ageUnknown(a.minAge);
    if (ageOn(v.birthDate, shanghaiDate(a.startsAt)) < a.minAge) return activityErrors.tooYoung(a.minAge);
  }
  if (a.requiredSkill && !v.skills.includes(a.requiredSkill)) return activityErrors.skillMissing(a.requiredSkill);
  return null;
}

/** Take a place if one is free: the conditional update the capacity check stands behind. */
async function takePlace(tx: Tx, activityId: number): Promise<boolean> {
  const rows = await tx
    .update(activities)
    .set({ signedUp: sql`${activities.signedUp} + 1` })
    .where(and(eq(activities.id, activityId), eq(activities.status, 'published'), lt(activities.signedUp, activities.capacity)))
    .returning({ id: activities.id });
  return rows.length === 1;
}

async function releasePlace(tx: Tx, activityId: number): Promise<void> {
  await tx
    .update(activities)
    .set({ signedUp: sql`${activities.signedUp} - 1` })
    .where(eq(activities.id, activityId));
}

/**
 * Sign a volunteer up (the service the route and the demo call). Already signed up or waitlisted is answered as
 * it is; a volunteer who cancelled may sign up again (at the back of the line); one the organiser removed may not.
 */
export async function signUpVolunteer(ctx: AppContext, activityId: number, volunteerId: number, actor: ActorContext): Promise<SignupRow> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [a] = await tx.select().from(activities).where(eq(activities.id, activityId));
    const [v] = await tx.select().from(volunteers).where(eq(volunteers.id, volunteerId));
    if (!a || !v) throw errors.notFound();
    const refusal = signupRefusal(a, v, now);
    if (refusal) throw refusal;
    let [row] = await tx
      .insert(activitySignups)
      .values({ activityId, volunteerId, status: 'waitlisted', signedUpAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [held] = await tx
        .select()
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.volunteerId, volunteerId)))
        .for('update');
      if (held!.status === 'signed_up' || held!.status === 'waitlisted') return held!;
      if (held!.status === 'removed') throw activityErrors.removed();
      [row] = await tx
        .update(activitySignups)
        .set({ status: 'waitlisted', signedUpAt: now, cancelledAt: null })
        .where(and(eq(activitySignups.id, held!.id), eq(activitySignups.status, 'cancelled')))
        .returning();
      if (!row) throw errors.conflict('signup_changed', '报名状态刚刚发生了变化，请刷新', 'The sign-up changed in the meantime; reload');
    }
    // Places go to the waitlist first: someone new takes one only when nobody is waiting.
    const [waiting] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'waitlisted'), sql`${activitySignups.id} <> ${row.id}`));
    if ((waiting?.n ?? 0) === 0 && (await takePlace(tx, activityId))) {
      [row] = await tx.update(activitySignups).set({ status: 'signed_up' }).where(eq(activitySignups.id, row.id)).returning();
    }
    await recordAudit(tx, actor, now, { action: 'activity.signup', objectType: 'activity', objectId: activityId, orgNodeId: a.nodeId, details: { status: row!.status } });
    return row!;
  });
}

/**
 * Fill free places from the waitlist, first come first served, and tell the promoted. Rows are locked with SKIP
 * LOCKED so two transactions freeing places at once promote different volunteers.
 */
export async function promoteWaitlisted(tx: Tx, activityId: number, now: Date): Promise<number> {
  let promoted = 0;
  for (;;) {
    const [next] = await tx
      .select({ id: activitySignups.id, userId: volunteers.userId })
      .from(activitySignups)
      .innerJoin(volunteers, eq(volunteers.id, activitySignups.volunteerId))
      .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'waitlisted')))
      .orderBy(asc(activitySignups.signedUpAt), asc(activitySignups.id))
      .limit(1)
      .for('update', { of: activitySignups, skipLocked: true });
    if (!next) return promoted;
    if (!(await takePlace(tx, activityId))) return promoted;
    await tx.update(activitySignups).set({ status: 'signed_up' }).where(eq(activitySignups.id, next.id));
    const [a] = await tx.select().from(activities).where(eq(activities.id, activityId));
    await notifyVolunteers(
      tx,
      [next.userId],
      {
        kind: 'activity.promoted',
        title: `报名成功：${a!.title}`,
        body: `有人取消了报名，您已从候补转为正式报名。活动时间 ${iso(a!.startsAt).slice(0, 16).replace('T', ' ')}`,
        en: { title: `You are in: ${a!.title}`, body: `A place freed up; you moved from the waitlist. Starts ${iso(a!.startsAt)}` },
        link: `/activities/${activityId}`,
        data: { activityId },
      },
      now,
    );
    promoted++;
  }
}

/** Leave (signed-up or waitlisted) before the start; a freed place goes to the first waitlisted. */
async function leave(ctx: AppContext, signupId: number, to: 'cancelled' | 'removed', actor: ActorContext, check: (a: ActivityRow, s: SignupRow) => void) {
  const now = ctx.clock.now();
  const promoted = await ctx.db.transaction(async (tx) => {
    const [s] = await tx.select().from(activitySignups).where(eq(activitySignups.id, signupId)).for('update');
    if (!s || (s.status !== 'signed_up' && s.status !== 'waitlisted')) throw activityErrors.notSignedUp();
    const [a] = await tx.select().from(activities).where(eq(activities.id, s.activityId));
    check(a!, s);
    await tx.update(activitySignups).set({ status: to, cancelledAt: now }).where(eq(activitySignups.id, s.id));
    let n = 0;
    if (s.status === 'signed_up') {
      await releasePlace(tx, s.activityId);
      if (a!.status === 'published' && a!.startsAt > now) n = await promoteWaitlisted(tx, s.activityId, now);
    }
    await recordAudit(tx, actor, now, { action: to === 'cancelled' ? 'activity.signup_cancel' : 'activity.signup_remove', objectType: 'activity', objectId: s.activityId, orgNodeId: a!.nodeId, details: { signupId } });
    return n;
  });
  if (promoted) kickOutbox(ctx);
}

/** The volunteer cancels their own sign-up: allowed when the activity allows it and has not started. */
export async function cancelOwnSignup(ctx: AppContext, principal: Principal, actor: ActorContext, activityId: number) {
  const v = await ownVolunteer(ctx.db, principal);
  const [s] = await ctx.db.select().from(activitySignups).where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.volunteerId, v.id)));
  if (!s) throw activityErrors.notSignedUp();
  const now = ctx.clock.now();
  await leave(ctx, s.id, 'cancelled', actor, (a, row) => {
    if (now >= a.startsAt) throw activityErrors.started();
    if (row.status === 'signed_up' && !a.selfCancel) throw activityErrors.selfCancelNotAllowed();
  });
  return activityCard(ctx, principal, activityId);
}

/** The organiser removes a volunteer (who cannot sign up again for this occurrence). */
export async function removeSignup(ctx: AppContext, principal: Principal, actor: ActorContext, activityId: number, signupId: number, reason: string) {
  const found = await activityWithPath(ctx.db, activityId);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  await leave(ctx, signupId, 'removed', actor, (_a, s) => {
    if (s.activityId !== activityId) throw errors.notFound();
    if (s.checkedInAt) throw errors.conflict('signup_checked_in', '该志愿者已签到，不能移除', 'The volunteer has checked in and cannot be removed');
  });
  await recordAudit(ctx.db, actor, ctx.clock.now(), { action: 'activity.signup_remove_reason', objectType: 'activity', objectId: activityId, orgNodeId: found.activity.nodeId, details: { signupId, reason } });
  return listSignups(ctx, principal, activityId);
}

/** The phone's sign-up: by the signed-in user's own volunteer record. */
export async function signUpSelf(ctx: AppContext, principal: Principal, actor: ActorContext, activityId: number) {
  const found = await activityWithPath(ctx.db, activityId);
  if (!found) throw errors.notFound();
  const v = await ownVolunteer(ctx.db, principal);
  await signUpVolunteer(ctx, activityId, v.id, actor);
  return activityCard(ctx, principal, activityId);
}

/** The phone's view of one activity with the caller's own sign-up and place in line. */
export async function activityCard(ctx: AppContext, principal: Principal, activityId: number) {
  const found = await activityWithPath(ctx.db, activityId);
  if (!found) throw errors.notFound();
  const [v] = await ctx.db.select().from(volunteers).where(eq(volunteers.userId, principal.userId));
  let mine: ReturnType<typeof presentOwn> | null = null;
  if (v) {
    const [s] = await ctx.db.select().from(activitySignups).where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.volunteerId, v.id)));
    if (s) {
      let position: number | null = null;
      if (s.status === 'waitlisted') {
        const [p] = await ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(activitySignups)
          .where(
            and(
              eq(activitySignups.activityId, activityId),
              eq(activitySignups.status, 'waitlisted'),
              sql`(${activitySignups.signedUpAt}, ${activitySignups.id}) < (${s.signedUpAt.toISOString()}::timestamptz, ${s.id})`,
            ),
          );
        position = (p?.n ?? 0) + 1;
      }
      mine = presentOwn(s, position);
    }
  }
  const now = ctx.clock.now();
  const refusal = v ? signupRefusal(found.activity, v, now) : null;
  return {
    activity: presentActivity(found.activity, found.nodeName),
    registered: !!v,
    signup: mine,
    canSignUp: !!v && !refusal && (!mine || mine.status === 'cancelled'),
    refusal: refusal && 'code' in refusal ? (refusal as { code: string }).code : null,
  };
}

function presentOwn(s: SignupRow, position: number | null) {
  return {
    id: s.id,
    status: s.status,
    signedUpAt: iso(s.signedUpAt),
    checkedInAt: isoOrNull(s.checkedInAt),
    checkedOutAt: isoOrNull(s.checkedOutAt),
    autoCheckedOut: s.autoCheckedOut,
    waitlistPosition: position,
  };
}

/** The organiser's list of sign-ups (mobile masked). */
export async function listSignups(ctx: AppContext, principal: Principal, activityId: number) {
  const found = await activityWithPath(ctx.db, activityId);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.read', found.path);
  const rows = await ctx.db
    .select({ signup: activitySignups, name: volunteers.name, volunteerNo: volunteers.volunteerNo, mobile: volunteers.mobile })
    .from(activitySignups)
    .innerJoin(volunteers, eq(volunteers.id, activitySignups.volunteerId))
    .where(eq(activitySignups.activityId, activityId))
    .orderBy(asc(activitySignups.signedUpAt), asc(activitySignups.id));
  return {
    items: rows.map((r) => ({
      ...presentOwn(r.signup, null),
      volunteer: { id: r.signup.volunteerId, name: r.name, volunteerNo: r.volunteerNo, mobile: maskMobile(r.mobile) },
    })),
  };
}

// ---------------------------------------------------------------- check-in and check-out

function checkinWindow(a: ActivityRow) {
  return { opens: new Date(a.startsAt.getTime() - CHECKIN_OPENS_MINUTES * MINUTE_MS), closes: a.endsAt };
}

/**
 * Check a sign-up in or out, conditionally on its current state (two scans at once check in once). Check-in from
 * 30 minutes before the start until the end; check-out only after check-in, and writes the hour record.
 */
export async function checkSignup(
  ctx: AppContext,
  signupId: number,
  action: 'in' | 'out',
  actor: ActorContext,
  opts: { recordedBy: number | null; auto?: boolean } = { recordedBy: null },
): Promise<SignupRow> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [s] = await tx.select().from(activitySignups).where(eq(activitySignups.id, signupId)).for('update');
    if (!s || s.status !== 'signed_up') throw activityErrors.notSignedUp();
    const [a] = await tx.select().from(activities).where(eq(activities.id, s.activityId));
    if (a!.status === 'cancelled') throw activityErrors.cancelled();
    if (action === 'in') {
      if (s.checkedInAt) throw activityErrors.alreadyCheckedIn();
      const w = checkinWindow(a!);
      if (now < w.opens || now > w.closes) throw activityErrors.checkinNotOpen(w.opens, w.closes);
      const [updated] = await tx.update(activitySignups).set({ checkedInAt: now }).where(eq(activitySignups.id, s.id)).returning();
      await recordAudit(tx, actor, now, { action: 'activity.checkin', objectType: 'activity', objectId: a!.id, orgNodeId: a!.nodeId, details: { signupId } });
      return updated!;
    }
    if (!s.checkedInAt) throw activityErrors.notCheckedIn();
    if (s.checkedOutAt) throw activityErrors.alreadyCheckedOut();
    // An automatic check-out is stamped at the end of the activity, not when the job happened to run.
    const at = opts.auto ? a!.endsAt : now;
    const [updated] = await tx
      .update(activitySignups)
      .set({ checkedOutAt: at, autoCheckedOut: !!opts.auto })
      .where(eq(activitySignups.id, s.id))
      .returning();
    await writeRecordEntry(
      tx,
      { activity: a!, signupId: s.id, volunteerId: s.volunteerId, checkedInAt: s.checkedInAt, checkedOutAt: at, flagged: !!opts.auto, recordedBy: opts.recordedBy },
      now,
    );
    await recordAudit(tx, actor, now, { action: opts.auto ? 'activity.auto_checkout' : 'activity.checkout', objectType: 'activity', objectId: a!.id, orgNodeId: a!.nodeId, details: { signupId } });
    return updated!;
  });
  return row;
}

async function activityByToken(ctx: AppContext, token: string) {
  const [a] = await ctx.db.select({ id: activities.id }).from(activities).where(eq(activities.checkinToken, token));
  if (!a) throw activityErrors.tokenInvalid();
  return a.id;
}

/** The page the QR code opens: the activity and the caller's state there. */
export async function checkinStatus(ctx: AppContext, principal: Principal, token: string) {
  const id = await activityByToken(ctx, token);
  return activityCard(ctx, principal, id);
}

/** The volunteer scanned the activity's QR code and pressed 签到 or 签退. */
export async function checkBySelf(ctx: AppContext, principal: Principal, actor: ActorContext, token: string, action: 'in' | 'out') {
  const id = await activityByToken(ctx, token);
  const v = await ownVolunteer(ctx.db, principal);
  const [s] = await ctx.db.select().from(activitySignups).where(and(eq(activitySignups.activityId, id), eq(activitySignups.volunteerId, v.id)));
  if (!s || s.status !== 'signed_up') throw activityErrors.notSignedUp();
  await checkSignup(ctx, s.id, action, actor, { recordedBy: principal.userId });
  return activityCard(ctx, principal, id);
}

/** The organiser checks a volunteer in or out. */
export async function checkByOrganiser(ctx: AppContext, principal: Principal, actor: ActorContext, activityId: number, signupId: number, action: 'in' | 'out') {
  const found = await activityWithPath(ctx.db, activityId);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  const [s] = await ctx.db.select({ activityId: activitySignups.activityId }).from(activitySignups).where(eq(activitySignups.id, signupId));
  if (!s || s.activityId !== activityId) throw errors.notFound();
  await checkSignup(ctx, signupId, action, actor, { recordedBy: principal.userId });
  return listSignups(ctx, principal, activityId);
}

/**
 * The auto check-out job's work: sign-ups checked in and never out, of activities that have ended. Each is checked
 * out in its own transaction, conditionally, so two processes never write two records (a unique index also holds).
 */
export async function autoCheckOut(ctx: AppContext, now: Date): Promise<number> {
  const open = await ctx.db
    .select({ id: activitySignups.id })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(
      and(
        eq(activitySignups.status, 'signed_up'),
        sql`${activitySignups.checkedInAt} is not null and ${activitySignups.checkedOutAt} is null`,
        sql`${activities.endsAt} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(1000);
  let done = 0;
  const system: ActorContext = { userId: null, ip: null, userAgent: 'lianxin-job' };
  for (const { id } of open) {
    try {
      await checkSignup(ctx, id, 'out', system, { recordedBy: null, auto: true });
      done++;
    } catch (err) {
      // Another process (or the volunteer) checked this one out first.
      if ((err as { code?: string }).code !== 'already_checked_out' && (err as { code?: string }).code !== 'not_signed_up') throw err;
    }
  }
  return done;
}

