import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { activities, volunteers } from '../../db/schema/volunteers.js';
import type { Principal } from '../../platform/access.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import { AppError, errors } from '../../platform/errors.js';

/** Shared pieces of the activities module: node lookups, the caller's volunteer record, errors, time. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Check-in opens this long before the start. */
export const CHECKIN_OPENS_MINUTES = 30;
/** The record of hours is confirmed within this many working days after the activity's date. */
export const RECORD_WINDOW_WORKDAYS = 10;

export const iso = (at: Date) => toShanghaiIso(at);
export const isoOrNull = (at: Date | null) => (at ? toShanghaiIso(at) : null);

export interface NodeInfo {
  id: number;
  path: string;
  depth: number;
  kind: string;
  name: string;
}

export async function findNode(db: DbOrTx, id: number): Promise<NodeInfo | undefined> {
  const [row] = await db
    .select({ id: orgNodes.id, path: sql<string>`${orgNodes.path}::text`, depth: orgNodes.depth, kind: orgNodes.kind, name: orgNodes.name })
    .from(orgNodes)
    .where(eq(orgNodes.id, id));
  return row;
}

/** The community at or above a node (null when the node lies above communities). */
export async function communityAt(db: DbOrTx, path: string): Promise<number | null> {
  const [row] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'community'), sql`${orgNodes.path} @> ${path}::ltree`));
  return row?.id ?? null;
}

export type ActivityRow = typeof activities.$inferSelect;
export type VolunteerRow = typeof volunteers.$inferSelect;

export async function activityWithPath(db: DbOrTx, id: number): Promise<{ activity: ActivityRow; path: string; nodeName: string } | undefined> {
  const [row] = await db
    .select({ activity: activities, path: sql<string>`${orgNodes.path}::text`, nodeName: orgNodes.name })
    .from(activities)
    .innerJoin(orgNodes, eq(orgNodes.id, activities.nodeId))
    .where(eq(activities.id, id));
  return row;
}

/** The signed-in user's own volunteer record; none is a clear 403 the phone page turns into "register first". */
export async function ownVolunteer(db: DbOrTx, principal: Principal): Promise<VolunteerRow> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.userId, principal.userId));
  if (!row) throw activityErrors.notRegistered();
  return row;
}

/** Whole years from a birth date to a day (YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const activityErrors = {
  notRegistered: () =>
new AppError(403, 'volunteer_not_registered', { zh: '请先注册成为志愿者', en: 'Register as a volunteer first' }),
  cancelled: () => errors.conflict('activity_cancelled', '该活动已取消', 'This activity has been cancelled'),
  deadlinePassed: (deadline: Date) =>
    errors.conflict('signup_deadline_passed', `报名已于 ${iso(deadline).slice(0, 16).replace('T', ' ')} 截止`, `Sign-up closed at ${iso(deadline)}`, { deadline: iso(deadline) }),
  started: () => errors.conflict('activity_started', '活动已开始', 'The activity has already started'),
  tooYoung: (minAge: number) => errors.conflict('volunteer_too_young', `该活动要求年满 ${minAge} 周岁`, `This activity is for volunteers aged ${minAge} or over`, { minAge }),
  ageUnknown: (minAge: number) =>
    errors.conflict('volunteer_age_unknown', `该活动要求年满 ${minAge} 周岁，您的志愿者档案没有出生日期`, `This activity needs an age of ${minAge}; your record has no birth date`, { minAge }),
  skillMissing: (skill: string) => errors.conflict('volunteer_skill_missing', `该活动需要技能：${skill}`, `This activity needs the skill: ${skill}`, { skill }),
  volunteerInactive: (status: string) =>
    errors.conflict('volunteer_not_active', '您的志愿者状态不能报名（已暂停或已退出）', 'Your volunteer record is suspended or closed', { status }),
  removed: () => errors.conflict('signup_removed', '组织者已将您移出该活动，不能再次报名', 'The organiser removed you from this activity; you cannot sign up again'),
  selfCancelNotAllowed: () => errors.conflict('self_cancel_not_allowed', '该活动不允许自行取消报名，请联系组织者', 'This activity does not allow cancelling yourself; contact the organiser'),
  notSignedUp: () => errors.conflict('not_signed_up', '您没有报名该活动', 'You are not signed up for this activity'),
  checkinNotOpen: (opens: Date, closes: Date) =>
    errors.conflict('checkin_not_open', `签到时间为 ${iso(opens).slice(0, 16).replace('T', ' ')} 至 ${iso(closes).slice(11, 16)}`, `Check-in is open ${iso(opens)} to ${iso(closes)}`, {
      opensAt: iso(opens),
      closesAt: iso(closes),
    }),
  notCheckedIn: () => errors.conflict('not_checked_in', '尚未签到，不能签退', 'Check in before checking out'),
  alreadyCheckedOut: () => errors.conflict('already_checked_out', '已经签退', 'Already checked out'),
  alreadyCheckedIn: () => errors.conflict('already_checked_in', '已经签到', 'Already checked in'),
  tokenInvalid: () => errors.badRequest('checkin_code_invalid', '签到二维码无效或已更换', 'That check-in code is not valid (it may have been replaced)'),
  timeInvalid: () => errors.badRequest('activity_time_invalid', '结束时间必须晚于开始时间，且活动不超过 24 小时', 'The end must come after the start, within 24 hours'),
  deadlineInvalid: () => errors.badRequest('signup_deadline_invalid', '报名截止时间不能晚于活动开始时间', 'The sign-up deadline may not be after the start'),
  pointInvalid: () => errors.badRequest('activity_point_invalid', '地图位置需要同时给出经度和纬度', 'A map point needs both longitude and latitude'),
  capacityBelowSignedUp: (signedUp: number) =>
    errors.conflict('capacity_below_signed_up', `已有 ${signedUp} 人报名，名额不能少于此数`, `${signedUp} volunteers are signed up; the capacity cannot be lower`, { signedUp }),
  teamNodeMismatch: () => errors.badRequest('activity_team_invalid', '该志愿服务队不存在或已解散', 'That team does not exist or has been dissolved'),
};

/** An activity as the API answers it (the check-in token only when asked for: the organiser's view). */
export function presentActivity(a: ActivityRow, nodeName: string, extra: { checkinToken?: string | null; distanceM?: number | null } = {}) {
  return {
    id: a.id,
    nodeId: a.nodeId,
    nodeName,
    teamId: a.teamId,
    seriesId: a.seriesId,
    title: a.title,
    category: a.category,
    description: a.description,
    placeName: a.placeName,
    lng: a.lng,
    lat: a.lat,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    capacity: a.capacity,
    signedUp: a.signedUp,
    minAge: a.minAge,
    signupDeadline: iso(a.signupDeadline),
    selfCancel: a.selfCancel,
    requiredSkill: a.requiredSkill,
    status: a.status,
    checkinToken: extra.checkinToken ?? null,
    distanceM: extra.distanceM ?? null,
  };
}
export type PresentedActivity = ReturnType<typeof presentActivity>;
