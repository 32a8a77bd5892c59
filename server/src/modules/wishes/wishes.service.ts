import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { partyMembers } from '../../db/schema/party.js';
import { files } from '../../db/schema/platform.js';
import { persons } from '../../db/schema/registry.js';
import { users } from '../../db/schema/users.js';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../../db/schema/volunteers.js';
import { microWishes, wishClaims, wishEvents, type WishEventKind } from '../../db/schema/wishes.js';
import { assertCan, assertVisible, can, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { attachFiles, checkAttachable, registerFileReader } from '../../platform/attachments.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskName } from '../../platform/masking.js';
import { addDays, chinaDay, startOfChinaDay } from '../gridwork/days.js';
import { loadPlace } from '../gridwork/gridwork.policy.js';
import type { ClaimBody, ConfirmBody, FulfilBody, PostBody, RejectBody, StatsQuery, TrackQuery, VerifyBody, WallQuery } from './wishes.schema.js';

/**
 * 微心愿 (docs/adr/0025). Posting: the resident for themselves, or anyone holding wishes.intake over the resident's
 * place for a registry person. Verification and publishing: wishes.manage. Claims hold shares with a conditional
 * update, so concurrent claims never exceed the whole. The wall shows the public name only.
 */

export const FILE_TYPE = 'micro_wish';
const MAX_DEADLINE_DAYS = 366;

const bad = (code: string, zh: string, en: string) => errors.badRequest(code, zh, en);
const conflict = (code: string, zh: string, en: string) => errors.conflict(code, zh, en);

const E = {
  ownWish: () => conflict('wish_own', '不能认领自己发布或为自己发布的心愿', 'You cannot claim a wish you posted or that is for you'),
  fulfilled: () => conflict('wish_fulfilled', '该心愿已经实现', 'This wish has already been fulfilled'),
  fullyClaimed: () => conflict('wish_fully_claimed', '该心愿已被认领完', 'This wish is fully claimed'),
  sharesLeft: (left: number) =>
    errors.conflict('wish_shares_unavailable', `剩余可认领份数不足（剩 ${left} 份）`, `Not enough shares left (${left} left)`, { left }),
  deadline: () => conflict('wish_deadline_passed', '心愿已过截止日期，不能认领', 'The wish is past its deadline and cannot be claimed'),
  notOpen: () => conflict('wish_not_open', '心愿当前不可进行此操作', 'The wish is not in a state that allows this'),
  alreadyClaimed: () => conflict('wish_already_claimed', '你已认领该心愿', 'You have already claimed this wish'),
};

/** The China date today. */
const today = (ctx: AppContext) => chinaDay(ctx.clock.now());

function ageOn(birthDate: string | null, day: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The only name the wall shows: the family name with a kinship word when the registry knows age and gender
 * (60 and over: 奶奶 / 爷爷; under 14: 小朋友), otherwise the family name and a star per other character (王**).
 */
export function publicNameOf(name: string, gender: string | null, birthDate: string | null, day: string): string {
  const family = [...name][0] ?? '*';
  const age = ageOn(birthDate, day);
  if (age != null && age >= 60 && (gender === 'female' || gender === 'male')) return `${family}${gender === 'female' ? '奶奶' : '爷爷'}`;
  if (age != null && age < 14) return `${family}小朋友`;
  return maskName(name) ?? '*';
}

interface WishRow {
  wish: typeof microWishes.$inferSelect;
  path: string;
  communityName: string | null;
  personUserId: number | null;
}

async function loadWish(db: DbOrTx, id: number): Promise<WishRow | undefined> {
  const community = sql<string | null>`(select name from org_nodes c where c.id = ${microWishes.communityId})`;
  const [row] = await db
    .select({ wish: microWishes, path: orgNodes.path, communityName: community, personUserId: persons.userId })
    .from(microWishes)
    .innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId))
    .leftJoin(persons, eq(persons.id, microWishes.personId))
    .where(eq(microWishes.id, id));
  return row as WishRow | undefined;
}

/** Staff or the resident's grid worker (wishes.intake or wishes.manage over the wish's place). */
function isKeeper(p: Principal, path: string): boolean {
  return can(p, 'wishes.manage', path) || can(p, 'wishes.intake', path);
}

function isResident(p: Principal, row: WishRow): boolean {
  return row.wish.beneficiaryUserId === p.userId || row.personUserId === p.userId;
}

const PUBLIC_STATUSES = ['published', 'fulfilled', 'realised'] as const;

/** A wish a caller may not see does not exist for them. */
async function visibleWish(ctx: AppContext, p: Principal, id: number): Promise<WishRow> {
  const row = await loadWish(ctx.db, id);
  if (!row) throw errors.notFound();
  const isPublic = (PUBLIC_STATUSES as readonly string[]).includes(row.wish.status);
  if (!isPublic && !isKeeper(p, row.path) && !isResident(p, row) && row.wish.postedBy !== p.userId) throw errors.notFound();
  return row;
}

async function addEvent(tx: DbOrTx, wishId: number, kind: WishEventKind, actorUserId: number | null, actorLabel: string, note: string, at: Date) {
  await tx.insert(wishEvents).values({ wishId, kind, actorUserId, actorLabel, note, at });
}

// ---------------------------------------------------------------- posting

export async function postWish(ctx: AppContext, p: Principal, actor: ActorContext, body: PostBody) {
  const now = ctx.clock.now();
  const day = chinaDay(now);
  if (body.deadline <= day) throw bad('wish_deadline_invalid', '截止日期需晚于今天', 'The deadline must be after today');
  if (body.deadline > addDays(day, MAX_DEADLINE_DAYS)) throw bad('wish_deadline_invalid', '截止日期不能超过一年', 'The deadline must be within a year');
  let nodeId: number;
  let personId: number | null = null;
  let beneficiaryUserId: number | null = null;
  let recipientName: string;
  let publicName: string;
  if (body.personId != null) {
    const [person] = await ctx.db.select().from(persons).where(eq(persons.id, body.personId));
    if (!person || (person.gridId ?? person.communityId) == null) throw errors.notFound();
    const place = await loadPlace(ctx.db, person.gridId ?? person.communityId!);
    assertCan(p, 'wishes.intake', place.path);
    nodeId = place.id;
    personId = person.id;
    beneficiaryUserId = person.userId;
    recipientName = person.name;
    publicName = publicNameOf(person.name, person.gender, person.birthDate, day);
  } else {
    // For myself: where I live; my registry person when staff linked my account to one.
    const [me] = await ctx.db.select({ displayName: users.displayName, homeNodeId: users.homeNodeId }).from(users).where(eq(users.id, p.userId));
    if (!me) throw errors.notFound();
    const [person] = await ctx.db.select().from(persons).where(eq(persons.userId, p.userId)).limit(1);
    const place = await loadPlace(ctx.db, person?.gridId ?? person?.communityId ?? me.homeNodeId);
    if (place.communityId == null) throw bad('wish_place_required', '只能为社区居民发布心愿', 'Wishes are for residents of a community');
    nodeId = place.id;
    personId = person?.id ?? null;
    beneficiaryUserId = p.userId;
    recipientName = person?.name ?? me.displayName;
    publicName = person ? publicNameOf(person.name, person.gender, person.birthDate, day) : (maskName(me.displayName) ?? '*');
  }
  const place = await loadPlace(ctx.db, nodeId);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(microWishes)
      .values({
        nodeId,
        communityId: place.communityId,
        personId,
        beneficiaryUserId,
        recipientName,
        publicName,
        kind: body.kind,
        title: body.title.trim(),
        description: body.description?.trim() ?? '',
        estimatedValue: body.estimatedValue ?? null,
        deadline: body.deadline,
        totalShares: body.totalShares ?? 1,
        postedBy: p.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: microWishes.id });
    await addEvent(tx, row!.id, 'posted', p.userId, maskName(p.displayName) ?? '', personId != null && beneficiaryUserId !== p.userId ? 'on_behalf' : 'self', now);
    await recordAudit(tx, actor, now, { action: 'wishes.post', objectType: 'micro_wish', objectId: row!.id, orgNodeId: nodeId });
    return row!.id;
  });
  return getWish(ctx, p, id);
}

// ---------------------------------------------------------------- verification

export async function verifyWish(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: VerifyBody) {
  return decide(ctx, p, actor, id, 'verified', body.method, body.note.trim());
}

export async function rejectWish(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: RejectBody) {
  return decide(ctx, p, actor, id, 'rejected', body.method ?? null, body.reason.trim());
}

async function decide(ctx: AppContext, p: Principal, actor: ActorContext, id: number, outcome: 'verified' | 'rejected', method: 'home_visit' | 'phone' | null, text: string) {
  const row = await loadWish(ctx.db, id);
  if (!row) throw errors.notFound();
  assertCan(p, 'wishes.manage', row.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const set =
      outcome === 'verified'
        ? { status: 'published' as const, verifyMethod: method, verifyNote: text, verifiedBy: p.userId, verifiedAt: now, publishedAt: now, updatedAt: now }
        : { status: 'rejected' as const, verifyMethod: method, rejectReason: text, verifiedBy: p.userId, verifiedAt: now, updatedAt: now };
    const done = await tx
      .update(microWishes)
      .set(set)
      .where(and(eq(microWishes.id, id), eq(microWishes.status, 'pending')))
      .returning({ id: microWishes.id });
    if (done.length === 0) throw E.notOpen();
    await addEvent(tx, id, outcome, p.userId, maskName(p.displayName) ?? '', outcome === 'verified' ? `${method}` : text, now);
    await recordAudit(tx, actor, now, { action: `wishes.${outcome === 'verified' ? 'verify' : 'reject'}`, objectType: 'micro_wish', objectId: id, orgNodeId: row.wish.nodeId });
  });
  return getWish(ctx, p, id);
}

// ---------------------------------------------------------------- claiming

interface Claimant {
  kind: 'party_member' | 'volunteer' | 'team' | 'unit';
  partyMemberId: number | null;
  volunteerId: number | null;
  teamId: number | null;
  unitNodeId: number | null;
  name: string;
}

async function resolveClaimant(ctx: AppContext, p: Principal, row: WishRow, body: ClaimBody): Promise<Claimant> {
  const base = { partyMemberId: null, volunteerId: null, teamId: null, unitNodeId: null };
  const none = (zh: string, en: string) => errors.conflict('wish_claimant_invalid', zh, en);
  switch (body.as) {
    case 'party_member': {
      const [m] = await ctx.db
        .select({ id: partyMembers.id, name: partyMembers.name })
        .from(partyMembers)
        .where(and(eq(partyMembers.userId, p.userId), eq(partyMembers.status, 'confirmed')));
      if (!m) throw none('你还不是已确认报到的在职党员', 'You are not a confirmed reported party member');
      return { ...base, kind: 'party_member', partyMemberId: m.id, name: `党员${maskName(m.name) ?? ''}` };
    }
    case 'volunteer': {
      const [v] = await ctx.db.select({ id: volunteers.id, name: volunteers.name, status: volunteers.status }).from(volunteers).where(eq(volunteers.userId, p.userId));
      if (!v || v.status !== 'active') throw none('你还没有有效的志愿者登记', 'You have no active volunteer record');
      return { ...base, kind: 'volunteer', volunteerId: v.id, name: `志愿者${maskName(v.name) ?? ''}` };
    }
    case 'team': {
      if (!body.teamId) throw bad('wish_team_required', '请选择服务队', 'Pick the team');
      const [lead] = await ctx.db
        .select({ teamId: volunteerTeams.id, name: volunteerTeams.name, volunteerId: volunteers.id })
        .from(volunteerTeamMembers)
        .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
        .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
        .where(
          and(
            eq(volunteerTeamMembers.teamId, body.teamId),
            eq(volunteers.userId, p.userId),
            eq(volunteerTeamMembers.role, 'leader'),
            eq(volunteerTeamMembers.status, 'active'),
            sql`${volunteerTeams.dissolvedAt} is null`,
          ),
        );
      if (!lead) throw none('只有服务队队长可以代表服务队认领', 'Only a leader of the team can claim for it');
      return { ...base, kind: 'team', teamId: lead.teamId, volunteerId: lead.volunteerId, name: lead.name };
    }
    case 'unit': {
      if (body.unitNodeId) {
        const [node] = await ctx.db.select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, body.unitNodeId));
        if (!node || node.kind !== 'department' || !p.roles.some((r) => r.orgNodeId === node.id)) {
          throw none('只能代表你所在的共建单位认领', 'You can only claim for a unit you belong to');
        }
        return { ...base, kind: 'unit', unitNodeId: node.id, name: node.name };
      }
      const unitName = body.unitName?.trim();
      if (!unitName) throw bad('wish_unit_required', '请填写共建单位', 'Name the partner unit');
      // A unit outside the platform: staff record its pledge.
      if (!can(p, 'wishes.manage', row.path)) throw errors.forbidden();
      return { ...base, kind: 'unit', name: unitName };
    }
  }
}

export async function claimWish(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: ClaimBody) {
  const row = await visibleWish(ctx, p, id);
  if (row.wish.postedBy === p.userId || isResident(p, row)) throw E.ownWish();
  // Default: whatever is left (at least one share, so a full or closed wish is refused by the update below).
  const shares = body.shares ?? Math.max(1, row.wish.totalShares - row.wish.claimedShares);
  const claimant = await resolveClaimant(ctx, p, row, body);
  const now = ctx.clock.now();
  const day = chinaDay(now);
  await ctx.db.transaction(async (tx) => {
    const [held] = await tx
      .update(microWishes)
      .set({ claimedShares: sql`${microWishes.claimedShares} + ${shares}`, firstClaimedAt: sql`coalesce(${microWishes.firstClaimedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
      .where(
        and(
          eq(microWishes.id, id),
          eq(microWishes.status, 'published'),
          sql`${microWishes.claimedShares} + ${shares} <= ${microWishes.totalShares}`,
          sql`${microWishes.deadline} >= ${day}::date`,
        ),
      )
      .returning({ id: microWishes.id });
    if (!held) throw await claimRefusal(tx, id, day);
    const [claim] = await tx
      .insert(wishClaims)
      .values({ wishId: id, userId: p.userId, claimantKind: claimant.kind, partyMemberId: claimant.partyMemberId, volunteerId: claimant.volunteerId, teamId: claimant.teamId, unitNodeId: claimant.unitNodeId, claimantName: claimant.name, shares, claimedAt: now })
      .onConflictDoNothing()
      .returning({ id: wishClaims.id });
    if (!claim) throw E.alreadyClaimed();
    await addEvent(tx, id, 'claimed', p.userId, claimant.name, `${shares}`, now);
    await recordAudit(tx, actor, now, { action: 'wishes.claim', objectType: 'micro_wish', objectId: id, orgNodeId: row.wish.nodeId, details: { kind: claimant.kind, shares } });
  });
  return getWish(ctx, p, id);
}

/** Why a claim's conditional update matched nothing. */
async function claimRefusal(tx: Tx, id: number, day: string) {
  const [w] = await tx.select().from(microWishes).where(eq(microWishes.id, id));
  if (!w) return errors.notFound();
  if (w.status === 'fulfilled' || w.status === 'realised') return E.fulfilled();
  if (w.status !== 'published') return E.notOpen();
  if (w.deadline < day) return E.deadline();
  if (w.claimedShares >= w.totalShares) return E.fullyClaimed();
  return E.sharesLeft(w.totalShares - w.claimedShares);
}

// ---------------------------------------------------------------- fulfilment

export async function fulfilWish(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: FulfilBody) {
  const row = await visibleWish(ctx, p, id);
  const [mine] = await ctx.db
    .select({ id: wishClaims.id, name: wishClaims.claimantName })
    .from(wishClaims)
    .where(and(eq(wishClaims.wishId, id), eq(wishClaims.userId, p.userId), eq(wishClaims.status, 'active')));
  if (!mine) throw errors.forbidden();
  if (row.wish.status === 'fulfilled' || row.wish.status === 'realised') throw E.fulfilled();
  const photoIds = await checkAttachable(ctx.db, { userId: p.userId }, body.photoIds, { type: FILE_TYPE, id });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(microWishes)
      .set({ status: 'fulfilled', fulfilledAt: now, fulfilledBy: p.userId, fulfilNote: body.note?.trim() ?? '', updatedAt: now })
      .where(and(eq(microWishes.id, id), eq(microWishes.status, 'published'), sql`${microWishes.claimedShares} = ${microWishes.totalShares}`))
      .returning({ id: microWishes.id });
    if (done.length === 0) {
      const [w] = await tx.select().from(microWishes).where(eq(microWishes.id, id));
      if (w && w.status === 'published') throw conflict('wish_not_fully_claimed', '心愿还有份额未被认领，暂不能标记完成', 'Some shares are not claimed yet');
      throw w?.status === 'fulfilled' || w?.status === 'realised' ? E.fulfilled() : E.notOpen();
    }
    await attachFiles(tx, photoIds, { type: FILE_TYPE, id, orgNodeId: row.wish.nodeId });
    await addEvent(tx, id, 'fulfilled', p.userId, mine.name, body.note?.trim() ?? '', now);
    await recordAudit(tx, actor, now, { action: 'wishes.fulfil', objectType: 'micro_wish', objectId: id, orgNodeId: row.wish.nodeId, details: { photos: photoIds.length } });
  });
  return getWish(ctx, p, id);
}

export async function confirmWish(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: ConfirmBody) {
  const row = await visibleWish(ctx, p, id);
  const resident = isResident(p, row);
  if (!resident && !can(p, 'wishes.intake', row.path)) throw errors.forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(microWishes)
      .set({ status: 'realised', realisedAt: now, confirmedBy: p.userId, updatedAt: now })
      .where(and(eq(microWishes.id, id), eq(microWishes.status, 'fulfilled')))
      .returning({ id: microWishes.id });
    if (done.length === 0) throw E.notOpen();
    await addEvent(tx, id, 'confirmed', p.userId, resident ? row.wish.publicName : (maskName(p.displayName) ?? ''), body.note?.trim() ?? '', now);
    await recordAudit(tx, actor, now, { action: 'wishes.confirm', objectType: 'micro_wish', objectId: id, orgNodeId: row.wish.nodeId });
  });
  return getWish(ctx, p, id);
}

// ---------------------------------------------------------------- reading

/** The public card: the public name, the wish, the community and the deadline. Nothing else about the resident. */
function card(row: { wish: typeof microWishes.$inferSelect; communityName: string | null }, day: string) {
  const w = row.wish;
  return {
    id: w.id,
    publicName: w.publicName,
    kind: w.kind,
    title: w.title,
    description: w.description,
    estimatedValue: w.estimatedValue,
    community: w.communityId ? { id: w.communityId, name: row.communityName ?? '' } : null,
    deadline: w.deadline,
    totalShares: w.totalShares,
    claimedShares: w.claimedShares,
    status: w.status,
    claimable: w.status === 'published' && w.claimedShares < w.totalShares && w.deadline >= day,
  };
}

export async function wall(ctx: AppContext, p: Principal, q: WallQuery) {
  const day = today(ctx);
  const conds: SQL[] = [inArray(microWishes.status, q.status ? [q.status] : ['published'])];
  if (q.nodeId) {
    const place = await loadPlace(ctx.db, q.nodeId);
    conds.push(sql`${orgNodes.path} <@ ${place.path}::ltree`);
  }
  if (q.open) conds.push(sql`${microWishes.claimedShares} < ${microWishes.totalShares} and ${microWishes.deadline} >= ${day}::date`);
  const community = sql<string | null>`(select name from org_nodes c where c.id = ${microWishes.communityId})`;
  const where = and(...conds);
  const rows = await ctx.db
    .select({ wish: microWishes, communityName: community })
    .from(microWishes)
    .innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId))
    .where(where)
    .orderBy(asc(microWishes.deadline), asc(microWishes.id))
    .limit(q.limit)
    .offset(q.offset);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(microWishes)
    .innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId))
    .where(where);
  return { items: rows.map((r) => card(r, day)), total };
}

export async function getWish(ctx: AppContext, p: Principal, id: number) {
  const row = await visibleWish(ctx, p, id);
  const day = today(ctx);
  const keeper = isKeeper(p, row.path);
  const resident = isResident(p, row);
  const privileged = keeper || resident || row.wish.postedBy === p.userId;
  const claims = await ctx.db.select().from(wishClaims).where(eq(wishClaims.wishId, id)).orderBy(asc(wishClaims.id));
  const events = await ctx.db.select().from(wishEvents).where(eq(wishEvents.wishId, id)).orderBy(asc(wishEvents.at), asc(wishEvents.id));
  const actorNames = keeper ? await userNames(ctx.db, events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : []))) : new Map<number, string>();
  const photos = await ctx.db.select({ id: files.id }).from(files).where(and(eq(files.attachedType, FILE_TYPE), eq(files.attachedId, String(id)))).orderBy(asc(files.createdAt));
  const myClaim = claims.find((c) => c.userId === p.userId && c.status === 'active') ?? null;
  const w = row.wish;
  return {
    ...card(row, day),
    private: privileged
      ? {
          recipientName: w.recipientName,
          personId: w.personId,
          verifyMethod: w.verifyMethod,
          verifyNote: w.verifyNote,
          rejectReason: w.rejectReason,
          fulfilNote: w.fulfilNote,
          returnedCount: w.returnedCount,
        }
      : null,
    claims: claims.map((c) => ({ id: c.id, claimantKind: c.claimantKind, claimantName: c.claimantName, shares: c.shares, status: c.status, claimedAt: c.claimedAt.toISOString() })),
    timeline: events.map((e) => ({
      kind: e.kind,
      at: e.at.toISOString(),
      who: keeper && e.actorUserId ? (actorNames.get(e.actorUserId) ?? e.actorLabel) : e.actorLabel,
      note: e.kind === 'rejected' && !privileged ? '' : e.note,
    })),
    photoIds: photos.map((f) => f.id),
    me: {
      myClaimId: myClaim?.id ?? null,
      canClaim: card(row, day).claimable && !resident && w.postedBy !== p.userId && !myClaim,
      canFulfil: !!myClaim && w.status === 'published' && w.claimedShares === w.totalShares,
      canConfirm: w.status === 'fulfilled' && (resident || can(p, 'wishes.intake', row.path)),
      canVerify: w.status === 'pending' && can(p, 'wishes.manage', row.path),
    },
    postedAt: w.createdAt.toISOString(),
    realisedAt: w.realisedAt?.toISOString() ?? null,
  };
}

async function userNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The caller's wishes: posted by me, for me, or claimed by me. */
export async function mine(ctx: AppContext, p: Principal) {
  const day = today(ctx);
  const community = sql<string | null>`(select name from org_nodes c where c.id = ${microWishes.communityId})`;
  const rows = await ctx.db
    .select({ wish: microWishes, communityName: community })
    .from(microWishes)
    .where(
      sql`${microWishes.postedBy} = ${p.userId} or ${microWishes.beneficiaryUserId} = ${p.userId}
        or exists (select 1 from wish_claims c where c.wish_id = ${microWishes.id} and c.user_id = ${p.userId})`,
    )
    .orderBy(desc(microWishes.id))
    .limit(200);
  return { items: rows.map((r) => card(r, day)), total: rows.length };
}

/** Staff tracking: every wish in the caller's reach (wishes.manage or wishes.intake), with the private name. */
export async function track(ctx: AppContext, p: Principal, q: TrackQuery) {
  const day = today(ctx);
  const paths = [...scopePaths(p, 'wishes.manage'), ...scopePaths(p, 'wishes.intake')];
  const conds: SQL[] = [inSubtrees(orgNodes.path, paths)];
  if (q.nodeId) {
    const place = await loadPlace(ctx.db, q.nodeId);
    if (!isKeeper(p, place.path)) {
      assertVisible(p, place.path);
      throw errors.forbidden();
    }
    conds.push(sql`${orgNodes.path} <@ ${place.path}::ltree`);
  } else if (paths.length === 0) {
    throw errors.forbidden();
  }
  if (q.status) conds.push(eq(microWishes.status, q.status));
  const community = sql<string | null>`(select name from org_nodes c where c.id = ${microWishes.communityId})`;
  const where = and(...conds);
  const rows = await ctx.db
    .select({ wish: microWishes, communityName: community })
    .from(microWishes)
    .innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId))
    .where(where)
    .orderBy(desc(microWishes.id))
    .limit(q.limit)
    .offset(q.offset);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(microWishes).innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId)).where(where);
  return {
    items: rows.map((r) => ({ ...card(r, day), recipientName: r.wish.recipientName, returnedCount: r.wish.returnedCount, postedAt: r.wish.createdAt.toISOString() })),
    total,
  };
}

/** Counts per community under a node: posted, published, claimed, realised, returned (posted in the period). */
export async function stats(ctx: AppContext, p: Principal, q: StatsQuery) {
  const place = await loadPlace(ctx.db, q.nodeId);
  if (!isKeeper(p, place.path)) {
    assertVisible(p, place.path);
    throw errors.forbidden();
  }
  const conds: SQL[] = [sql`${orgNodes.path} <@ ${place.path}::ltree`];
  if (q.from) conds.push(sql`${microWishes.createdAt} >= ${startOfChinaDay(q.from).toISOString()}::timestamptz`);
  if (q.to) conds.push(sql`${microWishes.createdAt} < ${startOfChinaDay(addDays(q.to, 1)).toISOString()}::timestamptz`);
  const rows = await ctx.db
    .select({
      communityId: microWishes.communityId,
      communityName: sql<string | null>`(select name from org_nodes c where c.id = ${microWishes.communityId})`,
      posted: sql<number>`count(*)::int`,
      published: sql<number>`count(${microWishes.publishedAt})::int`,
      claimed: sql<number>`count(${microWishes.firstClaimedAt})::int`,
      realised: sql<number>`count(${microWishes.realisedAt})::int`,
      returned: sql<number>`coalesce(sum(${microWishes.returnedCount}), 0)::int`,
    })
    .from(microWishes)
    .innerJoin(orgNodes, eq(orgNodes.id, microWishes.nodeId))
    .where(and(...conds))
    .groupBy(microWishes.communityId)
    .orderBy(asc(microWishes.communityId));
  const sum = (k: 'posted' | 'published' | 'claimed' | 'realised' | 'returned') => rows.reduce((s, r) => s + r[k], 0);
  return {
    node: { id: place.id, name: place.name },
    rows: rows.map((r) => ({ community: r.communityId ? { id: r.communityId, name: r.communityName ?? '' } : null, posted: r.posted, published: r.published, claimed: r.claimed, realised: r.realised, returned: r.returned })),
    total: { posted: sum('posted'), published: sum('published'), claimed: sum('claimed'), realised: sum('realised'), returned: sum('returned') },
  };
}

/** Fulfilment photos: the claimants, the resident, the poster and keepers of the place. */
export function registerWishFiles(): void {
  registerFileReader(FILE_TYPE, async (ctx, principal, objectId) => {
    const row = await loadWish(ctx.db, Number(objectId));
    if (!row) return false;
    if (isKeeper(principal, row.path) || isResident(principal, row) || row.wish.postedBy === principal.userId) return true;
    const [claim] = await ctx.db.select({ id: wishClaims.id }).from(wishClaims).where(and(eq(wishClaims.wishId, row.wish.id), eq(wishClaims.userId, principal.userId)));
    return !!claim;
  });
}
