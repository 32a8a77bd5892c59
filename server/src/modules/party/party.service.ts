import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import { partyMembers, partyPairings, partyPostClaims, partyPosts, partyServiceLogs, type PartyMemberStatus } from '../../db/schema/party.js';
import { users } from '../../db/schema/users.js';
import { hourEntries, volunteers } from '../../db/schema/volunteers.js';
import { wishClaims } from '../../db/schema/wishes.js';
import { assertCan, assertVisible, can, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { addDays, chinaDay, daysBetween, startOfChinaDay } from '../gridwork/days.js';
import { loadPlace, type Place } from '../gridwork/gridwork.policy.js';
import type { CardQuery, DecideBody, LogBody, LogsQuery, MembersQuery, PairingBody, PostBody, PostPatch, ReportBody } from './party.schema.js';

/**
 * 在职党员双报到 (docs/adr/0025). A party member reports to their community (self-service); staff holding
 * party.manage over the community confirm, pair units, publish posts (岗位), confirm logged service and export the
 * quarterly service cards for employers.
 */

const bad = (code: string, zh: string, en: string) => errors.badRequest(code, zh, en);
const MAX_BACKDATE_DAYS = 90;

/** A community node, or 404/400. */
async function community(ctx: AppContext, id: number): Promise<Place> {
  const place = await loadPlace(ctx.db, id);
  if (place.kind !== 'community') throw bad('party_community_required', '请选择社区', 'Pick a community');
  return place;
}

async function managedCommunity(ctx: AppContext, p: Principal, id: number): Promise<Place> {
  const place = await loadPlace(ctx.db, id);
  assertCan(p, 'party.manage', place.path);
  if (place.kind !== 'community') throw bad('party_community_required', '请选择社区', 'Pick a community');
  return place;
}

type MemberRow = typeof partyMembers.$inferSelect;

async function myMember(ctx: AppContext, p: Principal): Promise<MemberRow | undefined> {
  const [m] = await ctx.db
    .select()
    .from(partyMembers)
    .where(and(eq(partyMembers.userId, p.userId), inArray(partyMembers.status, ['pending', 'confirmed'])));
  return m;
}

async function confirmedMember(ctx: AppContext, p: Principal): Promise<MemberRow> {
  const m = await myMember(ctx, p);
  if (!m || m.status !== 'confirmed') throw errors.conflict('party_not_confirmed', '你的报到尚未被社区确认', 'Your report has not been confirmed by the community');
  return m;
}

async function nodeName(ctx: AppContext, id: number | null): Promise<string | null> {
  if (id == null) return null;
  const [n] = await ctx.db.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, id));
  return n?.name ?? null;
}

function presentMember(m: MemberRow, communityName: string, full: boolean) {
  return {
    id: m.id,
    userId: m.userId,
    volunteerId: m.volunteerId,
    name: m.name,
    mobile: full ? m.mobile : maskMobile(m.mobile),
    community: { id: m.communityId, name: communityName },
    employerNodeId: m.employerNodeId,
    employerName: m.employerName,
    branch: m.branch,
    status: m.status,
    reportedAt: m.reportedAt.toISOString(),
    decidedAt: m.decidedAt?.toISOString() ?? null,
    decisionNote: m.decisionNote,
  };
}

// ---------------------------------------------------------------- reporting

export async function report(ctx: AppContext, p: Principal, actor: ActorContext, body: ReportBody) {
  const now = ctx.clock.now();
  const [me] = await ctx.db.select({ homeNodeId: users.homeNodeId, displayName: users.displayName, mobile: users.mobile }).from(users).where(eq(users.id, p.userId));
  if (!me) throw errors.notFound();
  const home = await loadPlace(ctx.db, me.homeNodeId);
  const communityId = body.communityId ?? home.communityId;
  if (communityId == null) throw bad('party_community_required', '请选择居住的社区', 'Pick the community you live in');
  const place = await community(ctx, communityId);
  let employerName = body.employerName?.trim() ?? '';
  if (body.employerNodeId != null) {
    const [unit] = await ctx.db.select({ name: orgNodes.name, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, body.employerNodeId));
    if (!unit || unit.kind !== 'department') throw bad('party_employer_invalid', '工作单位需为部门或共建单位', 'The employer must be a department or unit');
    employerName = employerName || unit.name;
  }
  if (!employerName) throw bad('party_employer_required', '请填写工作单位', 'Name your employer');
  const member = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(partyMembers)
      .values({
        userId: p.userId,
        name: body.name.trim(),
        mobile: body.mobile ?? me.mobile ?? null,
        communityId: place.id,
        employerNodeId: body.employerNodeId ?? null,
        employerName,
        branch: body.branch.trim(),
        reportedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw errors.conflict('party_already_reported', '你已经报到（或正在等待确认）', 'You have already reported (or are waiting for confirmation)');
    await recordAudit(tx, actor, now, { action: 'party.report', objectType: 'party_member', objectId: row.id, orgNodeId: place.id });
    return row;
  });
  return presentMember(member, place.name, true);
}

export async function listMembers(ctx: AppContext, p: Principal, q: MembersQuery) {
  const conds: SQL[] = [];
  if (q.communityId) {
    await managedCommunity(ctx, p, q.communityId);
    conds.push(eq(partyMembers.communityId, q.communityId));
  } else {
    const paths = scopePaths(p, 'party.manage');
    if (paths.length === 0) throw errors.forbidden();
    conds.push(inSubtrees(orgNodes.path, paths));
  }
  if (q.status) conds.push(eq(partyMembers.status, q.status));
  const rows = await ctx.db
    .select({ m: partyMembers, communityName: orgNodes.name })
    .from(partyMembers)
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.communityId))
    .where(and(...conds))
    .orderBy(desc(partyMembers.reportedAt))
    .limit(q.limit)
    .offset(q.offset);
  return { items: rows.map((r) => presentMember(r.m, r.communityName, false)) };
}

export async function decideMember(ctx: AppContext, p: Principal, actor: ActorContext, id: number, outcome: 'confirmed' | 'rejected', body: DecideBody) {
  const [m] = await ctx.db.select().from(partyMembers).where(eq(partyMembers.id, id));
  if (!m) throw errors.notFound();
  const place = await managedCommunity(ctx, p, m.communityId);
  if (outcome === 'rejected' && !body.note?.trim()) throw bad('party_reason_required', '请填写退回原因', 'Give the reason');
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    // Link the member's own volunteer record when they have one (activities count on the service card).
    const [v] = outcome === 'confirmed' ? await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, m.userId)) : [];
    const [done] = await tx
      .update(partyMembers)
      .set({ status: outcome, decidedBy: p.userId, decidedAt: now, decisionNote: body.note?.trim() || null, volunteerId: v?.id ?? m.volunteerId })
      .where(and(eq(partyMembers.id, id), eq(partyMembers.status, 'pending')))
      .returning();
    if (!done) throw errors.conflict('party_not_pending', '该报到已处理', 'This report has already been decided');
    await recordAudit(tx, actor, now, { action: `party.${outcome === 'confirmed' ? 'confirm' : 'reject'}`, objectType: 'party_member', objectId: id, orgNodeId: place.id });
    return done;
  });
  return presentMember(row, place.name, false);
}

// ---------------------------------------------------------------- pairings

export async function addPairing(ctx: AppContext, p: Principal, actor: ActorContext, body: PairingBody) {
  const place = await managedCommunity(ctx, p, body.communityId);
  let unitName = body.unitName?.trim() ?? '';
  if (body.unitNodeId != null) {
    const [unit] = await ctx.db.select({ name: orgNodes.name, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, body.unitNodeId));
    if (!unit || unit.kind !== 'department') throw bad('party_unit_invalid', '结对单位需为部门或共建单位', 'The unit must be a department node');
    unitName = unitName || unit.name;
  }
  if (!unitName) throw bad('party_unit_required', '请填写结对单位', 'Name the unit');
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(partyPairings)
      .values({ communityId: place.id, unitNodeId: body.unitNodeId ?? null, unitName, startsOn: body.startsOn, note: body.note?.trim() ?? '', createdBy: p.userId, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!r) throw errors.conflict('party_pairing_exists', '该单位已与社区结对', 'This unit is already paired with the community');
    await recordAudit(tx, actor, now, { action: 'party.pair', objectType: 'party_pairing', objectId: r.id, orgNodeId: place.id });
    return r;
  });
  return presentPairing(row, place.name);
}

function presentPairing(r: typeof partyPairings.$inferSelect, communityName: string) {
  return { id: r.id, community: { id: r.communityId, name: communityName }, unitNodeId: r.unitNodeId, unitName: r.unitName, startsOn: r.startsOn, note: r.note };
}

export async function listPairings(ctx: AppContext, p: Principal, communityId: number) {
  const place = await managedCommunity(ctx, p, communityId);
  const rows = await ctx.db.select().from(partyPairings).where(eq(partyPairings.communityId, communityId)).orderBy(asc(partyPairings.startsOn));
  return { items: rows.map((r) => presentPairing(r, place.name)) };
}

// ---------------------------------------------------------------- posts

export async function addPost(ctx: AppContext, p: Principal, actor: ActorContext, body: PostBody) {
  const place = await managedCommunity(ctx, p, body.communityId);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(partyPosts)
      .values({ communityId: place.id, title: body.title.trim(), description: body.description?.trim() ?? '', slots: body.slots, createdBy: p.userId, createdAt: now })
      .returning({ id: partyPosts.id });
    await recordAudit(tx, actor, now, { action: 'party.post', objectType: 'party_post', objectId: r!.id, orgNodeId: place.id });
    return r!.id;
  });
  return (await postsOf(ctx, place.id, null)).find((x) => x.id === id)!;
}

/**
 * Edit a post, close it (no new takers; whoever holds it still logs service) or open it again. Places never drop
 * below those taken: the update is conditional, so a take at the same moment cannot slip under it.
 */
export async function updatePost(ctx: AppContext, p: Principal, actor: ActorContext, postId: number, body: PostPatch) {
  const [post] = await ctx.db.select().from(partyPosts).where(eq(partyPosts.id, postId));
  if (!post) throw errors.notFound();
  const place = await managedCommunity(ctx, p, post.communityId);
  const now = ctx.clock.now();
  const patch: Partial<typeof partyPosts.$inferInsert> = {};
  if (body.title !== undefined) patch.title = body.title.trim();
  if (body.description !== undefined) patch.description = body.description.trim();
  if (body.slots !== undefined) patch.slots = body.slots;
  if (body.status !== undefined) patch.status = body.status;
  await ctx.db.transaction(async (tx) => {
    const conds: SQL[] = [eq(partyPosts.id, postId)];
    if (body.slots !== undefined) conds.push(sql`${partyPosts.taken} <= ${body.slots}`);
    const [done] = await tx.update(partyPosts).set(patch).where(and(...conds)).returning({ id: partyPosts.id });
    if (!done) throw errors.conflict('party_post_slots_below_taken', '名额不能少于已认领的人数', 'Places cannot be fewer than those already taken', { field: 'slots' });
    await recordAudit(tx, actor, now, { action: 'party.post_edit', objectType: 'party_post', objectId: postId, orgNodeId: place.id, details: { fields: Object.keys(patch) } });
  });
  return (await postsOf(ctx, place.id, null)).find((x) => x.id === postId)!;
}

async function postsOf(ctx: AppContext, communityId: number, memberId: number | null, openOnly = false) {
  const conds: SQL[] = [eq(partyPosts.communityId, communityId)];
  if (openOnly) conds.push(eq(partyPosts.status, 'open'));
  const mineExpr = memberId == null ? sql<boolean>`false` : sql<boolean>`exists (select 1 from party_post_claims c where c.post_id = ${partyPosts.id} and c.member_id = ${memberId})`;
  const rows = await ctx.db
    .select({ post: partyPosts, mine: mineExpr })
    .from(partyPosts)
    .where(and(...conds))
    .orderBy(asc(partyPosts.id));
  return rows.map(({ post, mine }) => ({
    id: post.id,
    communityId: post.communityId,
    title: post.title,
    description: post.description,
    slots: post.slots,
    taken: post.taken,
    status: post.status,
    mine: !!mine,
  }));
}

/** Staff see every post of a community they manage; a confirmed member sees the open posts of their community. */
export async function listPosts(ctx: AppContext, p: Principal, communityId: number) {
  const place = await loadPlace(ctx.db, communityId);
  if (can(p, 'party.manage', place.path)) return { items: await postsOf(ctx, communityId, null) };
  const m = await myMember(ctx, p);
  if (!m || m.status !== 'confirmed' || m.communityId !== communityId) {
    assertVisible(p, place.path);
    throw errors.forbidden();
  }
  return { items: await postsOf(ctx, communityId, m.id, true) };
}

export async function claimPost(ctx: AppContext, p: Principal, actor: ActorContext, postId: number) {
  const m = await confirmedMember(ctx, p);
  const [post] = await ctx.db.select().from(partyPosts).where(eq(partyPosts.id, postId));
  if (!post || post.communityId !== m.communityId) throw errors.notFound();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [claim] = await tx.insert(partyPostClaims).values({ postId, memberId: m.id, claimedAt: now }).onConflictDoNothing().returning({ id: partyPostClaims.id });
    if (!claim) throw errors.conflict('party_post_already_claimed', '你已认领该岗位', 'You already hold this post');
    const [held] = await tx
      .update(partyPosts)
      .set({ taken: sql`${partyPosts.taken} + 1` })
      .where(and(eq(partyPosts.id, postId), eq(partyPosts.status, 'open'), sql`${partyPosts.taken} < ${partyPosts.slots}`))
      .returning({ id: partyPosts.id });
    if (!held) throw errors.conflict('party_post_full', '该岗位已满或已关闭', 'This post is full or closed');
    await recordAudit(tx, actor, now, { action: 'party.claim_post', objectType: 'party_post', objectId: postId, orgNodeId: post.communityId });
  });
  return (await postsOf(ctx, post.communityId, m.id)).find((x) => x.id === postId)!;
}

// ---------------------------------------------------------------- service logs

type LogRow = typeof partyServiceLogs.$inferSelect;
function presentLog(l: LogRow, postTitle: string, memberName: string) {
  return {
    id: l.id,
    memberId: l.memberId,
    memberName,
    postId: l.postId,
    postTitle,
    serviceDate: l.serviceDate,
    minutes: l.minutes,
    content: l.content,
    status: l.status,
    loggedAt: l.loggedAt.toISOString(),
    decidedAt: l.decidedAt?.toISOString() ?? null,
    decisionNote: l.decisionNote,
  };
}

export async function logService(ctx: AppContext, p: Principal, actor: ActorContext, body: LogBody) {
  const m = await confirmedMember(ctx, p);
  const [held] = await ctx.db
    .select({ title: partyPosts.title })
    .from(partyPostClaims)
    .innerJoin(partyPosts, eq(partyPosts.id, partyPostClaims.postId))
    .where(and(eq(partyPostClaims.postId, body.postId), eq(partyPostClaims.memberId, m.id)));
  if (!held) throw errors.conflict('party_post_not_held', '请先认领该岗位', 'Claim the post first');
  const now = ctx.clock.now();
  const day = chinaDay(now);
  if (body.serviceDate > day) throw bad('party_log_in_future', '服务日期不能晚于今天', 'The service date cannot be in the future');
  if (daysBetween(body.serviceDate, day) > MAX_BACKDATE_DAYS) throw bad('party_log_too_old', '只能记录 90 天内的服务', 'Only service of the last 90 days can be logged');
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(partyServiceLogs)
      .values({ memberId: m.id, postId: body.postId, communityId: m.communityId, serviceDate: body.serviceDate, minutes: body.minutes, content: body.content.trim(), loggedAt: now })
      .returning();
    await recordAudit(tx, actor, now, { action: 'party.log', objectType: 'party_service_log', objectId: r!.id, orgNodeId: m.communityId });
    return r!;
  });
  return presentLog(row, held.title, m.name);
}

export async function listLogs(ctx: AppContext, p: Principal, q: LogsQuery) {
  await managedCommunity(ctx, p, q.communityId);
  const conds: SQL[] = [eq(partyServiceLogs.communityId, q.communityId)];
  if (q.status) conds.push(eq(partyServiceLogs.status, q.status));
  const rows = await ctx.db
    .select({ l: partyServiceLogs, title: partyPosts.title, name: partyMembers.name })
    .from(partyServiceLogs)
    .innerJoin(partyPosts, eq(partyPosts.id, partyServiceLogs.postId))
    .innerJoin(partyMembers, eq(partyMembers.id, partyServiceLogs.memberId))
    .where(and(...conds))
    .orderBy(desc(partyServiceLogs.serviceDate), desc(partyServiceLogs.id))
    .limit(q.limit)
    .offset(q.offset);
  return { items: rows.map((r) => presentLog(r.l, r.title, r.name)) };
}

export async function decideLog(ctx: AppContext, p: Principal, actor: ActorContext, id: number, outcome: 'confirmed' | 'rejected', body: DecideBody) {
  const [l] = await ctx.db.select().from(partyServiceLogs).where(eq(partyServiceLogs.id, id));
  if (!l) throw errors.notFound();
  await managedCommunity(ctx, p, l.communityId);
  if (outcome === 'rejected' && !body.note?.trim()) throw bad('party_reason_required', '请填写退回原因', 'Give the reason');
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(partyServiceLogs)
      .set({ status: outcome, decidedBy: p.userId, decidedAt: now, decisionNote: body.note?.trim() || null })
      .where(and(eq(partyServiceLogs.id, id), eq(partyServiceLogs.status, 'pending')))
      .returning();
    if (!done) throw errors.conflict('party_log_decided', '该服务记录已处理', 'This service entry has already been decided');
    await recordAudit(tx, actor, now, { action: `party.log_${outcome === 'confirmed' ? 'confirm' : 'reject'}`, objectType: 'party_service_log', objectId: id, orgNodeId: l.communityId });
    return done;
  });
  const [names] = await ctx.db
    .select({ title: partyPosts.title, name: partyMembers.name })
    .from(partyPosts)
    .innerJoin(partyMembers, eq(partyMembers.id, row.memberId))
    .where(eq(partyPosts.id, row.postId));
  return presentLog(row, names?.title ?? '', names?.name ?? '');
}

// ---------------------------------------------------------------- me

export async function me(ctx: AppContext, p: Principal) {
  const [latest] = await ctx.db.select().from(partyMembers).where(eq(partyMembers.userId, p.userId)).orderBy(desc(partyMembers.reportedAt), desc(partyMembers.id)).limit(1);
  if (!latest) return { member: null, posts: [], logs: [] };
  const communityName = (await nodeName(ctx, latest.communityId)) ?? '';
  const confirmed = latest.status === 'confirmed';
  const posts = confirmed ? await postsOf(ctx, latest.communityId, latest.id, false) : [];
  const logs = await ctx.db
    .select({ l: partyServiceLogs, title: partyPosts.title })
    .from(partyServiceLogs)
    .innerJoin(partyPosts, eq(partyPosts.id, partyServiceLogs.postId))
    .where(eq(partyServiceLogs.memberId, latest.id))
    .orderBy(desc(partyServiceLogs.serviceDate), desc(partyServiceLogs.id))
    .limit(100);
  return {
    member: presentMember(latest, communityName, true),
    posts: posts.filter((x) => x.status === 'open' || x.mine),
    logs: logs.map((r) => presentLog(r.l, r.title, latest.name)),
  };
}

// ---------------------------------------------------------------- service cards

/** The period of a card: a quarter (1–4) of a year, or the whole year. China dates, `to` exclusive. */
export function periodOf(year: number, quarter: number | undefined): { from: string; to: string; label: string } {
  if (!quarter) return { from: `${year}-01-01`, to: `${year + 1}-01-01`, label: `${year}年` };
  const m = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(m).padStart(2, '0')}-01`;
  const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  return { from, to, label: `${year}年第${quarter}季度` };
}

export interface ServiceCard {
  memberId: number;
  name: string;
  employerName: string;
  branch: string;
  posts: string[];
  serviceCount: number;
  serviceMinutes: number;
  activityCount: number;
  activityMinutes: number;
  wishCount: number;
  totalMinutes: number;
}

/**
 * Each confirmed member's card for the period: confirmed service on posts (party_service_logs), volunteer activities
 * (confirmed hour_entries of their linked volunteer record; corrections count as their signed minutes) and wishes
 * they claimed as a party member (claims not returned).
 */
export async function serviceCards(ctx: AppContext, p: Principal, q: CardQuery) {
  const place = await managedCommunity(ctx, p, q.communityId);
  const period = periodOf(q.year, q.quarter);
  const members = await ctx.db
    .select()
    .from(partyMembers)
    .where(and(eq(partyMembers.communityId, q.communityId), eq(partyMembers.status, 'confirmed')))
    .orderBy(asc(partyMembers.name), asc(partyMembers.id));
  const ids = members.map((m) => m.id);
  const volunteerIds = members.flatMap((m) => (m.volunteerId ? [m.volunteerId] : []));
  const inPeriod = (col: SQL | typeof partyServiceLogs.serviceDate) => sql`${col} >= ${period.from}::date and ${col} < ${period.to}::date`;
  const logs = ids.length
    ? await ctx.db
        .select({ memberId: partyServiceLogs.memberId, n: sql<number>`count(*)::int`, minutes: sql<number>`coalesce(sum(${partyServiceLogs.minutes}),0)::int` })
        .from(partyServiceLogs)
        .where(and(inArray(partyServiceLogs.memberId, ids), eq(partyServiceLogs.status, 'confirmed'), inPeriod(partyServiceLogs.serviceDate)))
        .groupBy(partyServiceLogs.memberId)
    : [];
  const acts = volunteerIds.length
    ? await ctx.db
        .select({
          volunteerId: hourEntries.volunteerId,
          n: sql<number>`count(distinct ${hourEntries.activityId})::int`,
          minutes: sql<number>`coalesce(sum(${hourEntries.minutes}),0)::int`,
        })
        .from(hourEntries)
        .where(and(inArray(hourEntries.volunteerId, volunteerIds), eq(hourEntries.status, 'confirmed'), sql`${hourEntries.serviceDate} >= ${period.from}::date and ${hourEntries.serviceDate} < ${period.to}::date`))
        .groupBy(hourEntries.volunteerId)
    : [];
  const fromTs = startOfChinaDay(period.from).toISOString();
  const toTs = startOfChinaDay(period.to).toISOString();
  const wishes = ids.length
    ? await ctx.db
        .select({ memberId: wishClaims.partyMemberId, n: sql<number>`count(*)::int` })
        .from(wishClaims)
        .where(and(inArray(wishClaims.partyMemberId, ids), eq(wishClaims.status, 'active'), sql`${wishClaims.claimedAt} >= ${fromTs}::timestamptz and ${wishClaims.claimedAt} < ${toTs}::timestamptz`))
        .groupBy(wishClaims.partyMemberId)
    : [];
  const posts = ids.length
    ? await ctx.db
        .select({ memberId: partyPostClaims.memberId, title: partyPosts.title })
        .from(partyPostClaims)
        .innerJoin(partyPosts, eq(partyPosts.id, partyPostClaims.postId))
        .where(inArray(partyPostClaims.memberId, ids))
        .orderBy(asc(partyPosts.id))
    : [];
  const items: ServiceCard[] = members.map((m) => {
    const l = logs.find((x) => x.memberId === m.id);
    const a = m.volunteerId ? acts.find((x) => x.volunteerId === m.volunteerId) : undefined;
    const serviceMinutes = l?.minutes ?? 0;
    const activityMinutes = a?.minutes ?? 0;
    return {
      memberId: m.id,
      name: m.name,
      employerName: m.employerName,
      branch: m.branch,
      posts: posts.filter((x) => x.memberId === m.id).map((x) => x.title),
      serviceCount: l?.n ?? 0,
      serviceMinutes,
      activityCount: a?.n ?? 0,
      activityMinutes,
      wishCount: wishes.find((x) => x.memberId === m.id)?.n ?? 0,
      totalMinutes: serviceMinutes + activityMinutes,
    };
  });
  return { community: { id: place.id, name: place.name }, period: { ...period, to: addDays(period.to, -1) }, items };
}

/** The cards as a workbook for employers (one row per member; hours with one decimal). */
export async function serviceCardsXlsx(ctx: AppContext, p: Principal, actor: ActorContext, q: CardQuery): Promise<{ buffer: Buffer; fileName: string }> {
  const cards = await serviceCards(ctx, p, q);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('服务卡');
  ws.columns = [
    { header: '姓名', key: 'name', width: 12 },
    { header: '工作单位', key: 'employer', width: 28 },
    { header: '所在党支部', key: 'branch', width: 24 },
    { header: '认领岗位', key: 'posts', width: 28 },
    { header: '岗位服务（次）', key: 'serviceCount', width: 14 },
    { header: '岗位服务（小时）', key: 'serviceHours', width: 16 },
    { header: '志愿活动（次）', key: 'activityCount', width: 14 },
    { header: '志愿活动（小时）', key: 'activityHours', width: 16 },
    { header: '认领微心愿（个）', key: 'wishCount', width: 16 },
    { header: '合计（小时）', key: 'totalHours', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  const h = (minutes: number) => Math.round(minutes / 6) / 10;
  for (const c of cards.items) {
    ws.addRow({
      name: c.name,
      employer: c.employerName,
      branch: c.branch,
      posts: c.posts.join('、'),
      serviceCount: c.serviceCount,
      serviceHours: h(c.serviceMinutes),
      activityCount: c.activityCount,
      activityHours: h(c.activityMinutes),
      wishCount: c.wishCount,
      totalHours: h(c.totalMinutes),
    });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAudit(ctx.db, actor, ctx.clock.now(), {
    action: 'party.cards_export',
    objectType: 'party_cards',
    orgNodeId: cards.community.id,
    details: { year: q.year, quarter: q.quarter ?? null, rows: cards.items.length },
  });
  return { buffer, fileName: `${cards.community.name}-${cards.period.label}-在职党员服务卡.xlsx` };
}

export type { PartyMemberStatus };
