import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { activities, activitySignups, volunteerTeams, type ServiceCategory } from '../../db/schema/volunteers.js';
import { assertCan, can, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { activityErrors, activityWithPath, communityAt, DAY_MS, findNode, iso } from './common.js';
import { kickOutbox, notifyVolunteers } from './hours.service.js';
import { promoteWaitlisted } from './signups.service.js';
import { presentActivity } from './common.js';

/**
 * Activities 志愿服务活动 (docs/adr/0023): published by a node or a team (volunteers.manage at the node), one row
 * per occurrence (a weekly series shares `series_id` = the first occurrence's id), edited and cancelled by the
 * organiser; cancelling tells the signed-up volunteers.
 */

export interface ActivityInput {
  nodeId?: number;
  teamId?: number | null;
  title: string;
  category: ServiceCategory;
  description?: string;
  placeName?: string;
  lng?: number | null;
  lat?: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  minAge?: number | null;
  signupDeadline?: string | null;
  selfCancel?: boolean;
  requiredSkill?: string | null;
  /** Weekly for this many weeks (1 = once). */
  repeatWeeks?: number;
}

export const newToken = () => randomBytes(18).toString('base64url');

function checkTimes(startsAt: Date, endsAt: Date, deadline: Date) {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()) || endsAt <= startsAt || endsAt.getTime() - startsAt.getTime() > DAY_MS) {
    throw activityErrors.timeInvalid();
  }
  if (Number.isNaN(deadline.getTime()) || deadline > startsAt) throw activityErrors.deadlineInvalid();
}

function checkPoint(lng: number | null | undefined, lat: number | null | undefined) {
  if ((lng == null) !== (lat == null)) throw activityErrors.pointInvalid();
}

async function publishingNode(db: DbOrTx, principal: Principal, input: { nodeId?: number; teamId?: number | null }) {
  let nodeId = input.nodeId;
  let teamId: number | null = null;
  if (input.teamId) {
    const [team] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, input.teamId));
    if (!team || team.dissolvedAt) throw activityErrors.teamNodeMismatch();
    teamId = team.id;
    nodeId = team.nodeId;
  }
  if (!nodeId) throw errors.badRequest('activity_node_required', '请选择发布活动的节点或志愿服务队', 'Choose the node or team publishing the activity');
  const node = await findNode(db, nodeId);
  if (!node) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', node.path);
  return { node, teamId };
}

/** Publish an activity, or a weekly series of N occurrences, in one transaction. */
export async function createActivity(ctx: AppContext, principal: Principal, actor: ActorContext, input: ActivityInput) {
  const { node, teamId } = await publishingNode(ctx.db, principal, input);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const deadline = input.signupDeadline ? new Date(input.signupDeadline) : startsAt;
  checkTimes(startsAt, endsAt, deadline);
  checkPoint(input.lng, input.lat);
  const now = ctx.clock.now();
  if (endsAt <= now) throw errors.badRequest('activity_in_past', '活动结束时间已过', 'The activity would already be over');
  const communityId = await communityAt(ctx.db, node.path);
  const weeks = input.repeatWeeks ?? 1;
  const ids = await ctx.db.transaction(async (tx) => {
    const created: number[] = [];
    let seriesId: number | null = null;
    for (let w = 0; w < weeks; w++) {
      const shift = w * 7 * DAY_MS;
      const [row]: { id: number }[] = await tx
        .insert(activities)
        .values({
          nodeId: node.id,
          communityId,
          teamId,
          seriesId,
          title: input.title.trim(),
          category: input.category,
          description: input.description ?? '',
          placeName: input.placeName ?? '',
          lng: input.lng ?? null,
          lat: input.lat ?? null,
          startsAt: new Date(startsAt.getTime() + shift),
          endsAt: new Date(endsAt.getTime() + shift),
          capacity: input.capacity,
          minAge: input.minAge ?? null,
          signupDeadline: new Date(deadline.getTime() + shift),
          selfCancel: input.selfCancel ?? true,
          requiredSkill: input.requiredSkill?.trim() || null,
          checkinToken: newToken(),
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: activities.id });
      if (weeks > 1 && seriesId == null) {
        seriesId = row!.id;
        await tx.update(activities).set({ seriesId }).where(eq(activities.id, row!.id));
      }
      created.push(row!.id);
    }
    await recordAudit(tx, actor, now, { action: 'activity.create', objectType: 'activity', objectId: created[0]!, orgNodeId: node.id, details: { occurrences: weeks } });
    return created;
  });
  return { ids, activity: await getActivity(ctx, principal, ids[0]!) };
}

export type ActivityEdit = Partial<Omit<ActivityInput, 'nodeId' | 'teamId' | 'repeatWeeks'>>;

/** Edit one occurrence. A larger capacity promotes waitlisted volunteers in the same transaction. */
export async function editActivity(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, patch: ActivityEdit) {
  const found = await activityWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  const now = ctx.clock.now();
  const promoted = await ctx.db.transaction(async (tx) => {
    const [a] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
    if (a!.status === 'cancelled') throw activityErrors.cancelled();
    const startsAt = patch.startsAt ? new Date(patch.startsAt) : a!.startsAt;
    const endsAt = patch.endsAt ? new Date(patch.endsAt) : a!.endsAt;
    const deadline = patch.signupDeadline ? new Date(patch.signupDeadline) : patch.startsAt && a!.signupDeadline > startsAt ? startsAt : a!.signupDeadline;
    checkTimes(startsAt, endsAt, deadline);
    const lng = patch.lng !== undefined ? patch.lng : a!.lng;
    const lat = patch.lat !== undefined ? patch.lat : a!.lat;
    checkPoint(lng, lat);
    const capacity = patch.capacity ?? a!.capacity;
    if (capacity < a!.signedUp) throw activityErrors.capacityBelowSignedUp(a!.signedUp);
    await tx
      .update(activities)
      .set({
        title: patch.title?.trim() ?? a!.title,
        category: patch.category ?? a!.category,
        description: patch.description ?? a!.description,
        placeName: patch.placeName ?? a!.placeName,
        lng,
        lat,
        startsAt,
        endsAt,
        capacity,
        minAge: patch.minAge !== undefined ? patch.minAge : a!.minAge,
        signupDeadline: deadline,
        selfCancel: patch.selfCancel ?? a!.selfCancel,
        requiredSkill: patch.requiredSkill !== undefined ? patch.requiredSkill?.trim() || null : a!.requiredSkill,
        updatedAt: now,
      })
      .where(eq(activities.id, id));
    const n = capacity > a!.signedUp && startsAt > now ? await promoteWaitlisted(tx, id, now) : 0;
    await recordAudit(tx, actor, now, { action: 'activity.edit', objectType: 'activity', objectId: id, orgNodeId: a!.nodeId, details: { fields: Object.keys(patch) } });
    return n;
  });
  if (promoted) kickOutbox(ctx);
  return getActivity(ctx, principal, id);
}

/** Cancel an occurrence: its sign-ups stay as they were (history); the signed-up and waitlisted are told. */
export async function cancelActivity(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string) {
  const found = await activityWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .update(activities)
      .set({ status: 'cancelled', updatedAt: now })
      .where(and(eq(activities.id, id), eq(activities.status, 'published')))
      .returning();
    if (!a) throw activityErrors.cancelled();
    if (a.endsAt <= now) throw errors.conflict('activity_over', '活动已结束，不能取消', 'The activity is over; it cannot be cancelled');
    const people = await tx
      .select({ userId: sql<number | null>`(select user_id from volunteers v where v.id = ${activitySignups.volunteerId})` })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, id), inArray(activitySignups.status, ['signed_up', 'waitlisted'])));
    const when = iso(a.startsAt).slice(0, 16).replace('T', ' ');
    await notifyVolunteers(
      tx,
      people.map((p) => p.userId),
      {
        kind: 'activity.cancelled',
        title: `活动取消：${a.title}`,
        body: `原定 ${when} 的活动已取消。原因：${reason}`,
        en: { title: `Activity cancelled: ${a.title}`, body: `The activity of ${iso(a.startsAt)} is cancelled. Reason: ${reason}` },
        link: `/activities/${id}`,
        data: { activityId: id },
      },
      now,
    );
    await recordAudit(tx, actor, now, { action: 'activity.cancel', objectType: 'activity', objectId: id, orgNodeId: a.nodeId, details: { reason } });
  });
  kickOutbox(ctx);
  return getActivity(ctx, principal, id);
}

/** A new check-in token (the old QR code stops working). */
export async function rotateToken(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const found = await activityWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(activities).set({ checkinToken: newToken(), updatedAt: now }).where(eq(activities.id, id));
    await recordAudit(tx, actor, now, { action: 'activity.rotate_token', objectType: 'activity', objectId: id, orgNodeId: found.activity.nodeId });
  });
  return getActivity(ctx, principal, id);
}

// ---------------------------------------------------------------- presenting and lists


/** The organiser's view (volunteers.read at the node); the check-in token only with volunteers.manage. */
export async function getActivity(ctx: AppContext, principal: Principal, id: number) {
  const found = await activityWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.read', found.path);
  const manage = can(principal, 'volunteers.manage', found.path);
  const [waiting] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, id), eq(activitySignups.status, 'waitlisted')));
  return { ...presentActivity(found.activity, found.nodeName, { checkinToken: manage ? found.activity.checkinToken : null }), waitlisted: waiting?.n ?? 0, canManage: manage };
}

export interface ActivityListQuery {
  nodeId?: number;
  from?: string;
  to?: string;
  q?: string;
  status?: 'published' | 'cancelled';
  limit: number;
  offset: number;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** Console list: activities at nodes in the caller's volunteers.read reach, by node, date range and title. */
export async function listActivities(ctx: AppContext, principal: Principal, q: ActivityListQuery) {
  const where: SQL[] = [inSubtrees(orgNodes.path, scopePaths(principal, 'volunteers.read'))];
  if (q.nodeId) {
    const node = await findNode(ctx.db, q.nodeId);
    if (!node) throw errors.notFound();
    assertCan(principal, 'volunteers.read', node.path);
    where.push(sql`${orgNodes.path} <@ ${node.path}::ltree`);
  }
  if (q.from) where.push(gte(activities.startsAt, dayStart(q.from)));
  if (q.to) where.push(sql`${activities.startsAt} < ${new Date(dayStart(q.to).getTime() + DAY_MS).toISOString()}::timestamptz`);
  if (q.q) where.push(sql`${activities.title} ilike ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.status) where.push(eq(activities.status, q.status));
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(activities).innerJoin(orgNodes, eq(orgNodes.id, activities.nodeId)).where(and(...where));
  const rows = await ctx.db
    .select({ activity: activities, nodeName: orgNodes.name })
    .from(activities)
    .innerJoin(orgNodes, eq(orgNodes.id, activities.nodeId))
    .where(and(...where))
    .orderBy(asc(activities.startsAt), asc(activities.id))
    .limit(q.limit)
    .offset(q.offset);
  return { total: count?.n ?? 0, items: rows.map((r) => presentActivity(r.activity, r.nodeName)) };
}

/** Metres between two points (haversine); good enough for "nearby". */
const distanceSql = (lng: number, lat: number) =>
  sql<number>`(6371000 * 2 * asin(sqrt(power(sin(radians(${activities.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${activities.lat})) * power(sin(radians(${activities.lng} - ${lng}) / 2), 2))))`;

export interface OpenListQuery {
  from?: string;
  to?: string;
  nodeId?: number;
  lng?: number;
  lat?: number;
  radiusM?: number;
  limit: number;
  offset: number;
}

/**
 * The phone's list: published activities not yet over, open to every signed-in user (a call for volunteers is
 * public). With a point: those within the radius, nearest first; else by start.
 */
export async function listOpen(ctx: AppContext, _principal: Principal, q: OpenListQuery) {
  const now = ctx.clock.now();
  const where: SQL[] = [eq(activities.status, 'published'), sql`${activities.endsAt} > ${now.toISOString()}::timestamptz`];
  if (q.from) where.push(gte(activities.startsAt, dayStart(q.from)));
  if (q.to) where.push(lte(activities.startsAt, new Date(dayStart(q.to).getTime() + DAY_MS)));
  if (q.nodeId) {
    const node = await findNode(ctx.db, q.nodeId);
    if (!node) throw errors.notFound();
    where.push(sql`${orgNodes.path} <@ ${node.path}::ltree`);
  }
  const near = q.lng != null && q.lat != null;
  if ((q.lng == null) !== (q.lat == null)) throw activityErrors.pointInvalid();
  const distance = near ? distanceSql(q.lng!, q.lat!) : sql<number | null>`null::float8`;
  if (near) where.push(sql`${activities.lat} is not null and ${distance} <= ${q.radiusM ?? 5000}`);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(activities).innerJoin(orgNodes, eq(orgNodes.id, activities.nodeId)).where(and(...where));
  const rows = await ctx.db
    .select({ activity: activities, nodeName: orgNodes.name, distance })
    .from(activities)
    .innerJoin(orgNodes, eq(orgNodes.id, activities.nodeId))
    .where(and(...where))
    .orderBy(...(near ? [asc(distance)] : []), asc(activities.startsAt), asc(activities.id))
    .limit(q.limit)
    .offset(q.offset);
  return {
    total: count?.n ?? 0,
    items: rows.map((r) => presentActivity(r.activity, r.nodeName, { distanceM: r.distance == null ? null : Math.round(Number(r.distance)) })),
  };
}

/** Activities whose reminder is due: published, starting within `leadMs`, not reminded yet. */
export async function dueForReminder(db: DbOrTx, now: Date, leadMs: number) {
  return db
    .select({ id: activities.id })
    .from(activities)
    .where(
      and(
        eq(activities.status, 'published'),
        sql`${activities.startsAt} > ${now.toISOString()}::timestamptz`,
        sql`${activities.startsAt} <= ${new Date(now.getTime() + leadMs).toISOString()}::timestamptz`,
        sql`not exists (select 1 from activity_reminders r where r.activity_id = ${activities.id})`,
      ),
    )
    .orderBy(asc(activities.startsAt))
    .limit(500);
}


/** The activity's check-in QR code (SVG): encodes the phone's check-in page with the token. Organisers only. */
export async function activityQr(ctx: AppContext, principal: Principal, id: number, origin: string) {
  const found = await activityWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', found.path);
  const checkinUrl = `${origin}/m/activities/checkin/${encodeURIComponent(found.activity.checkinToken)}`;
  const svg = await QRCode.toString(checkinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { activityId: id, checkinUrl, token: found.activity.checkinToken, svg };
}
