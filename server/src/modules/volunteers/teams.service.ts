import { randomInt } from 'node:crypto';
import { and, count, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../../db/schema/volunteers.js';
import { can, inSubtrees, isUnder, isVisible, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { toShanghaiIso as toIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { escapeLike } from '../org/org.repo.js';
import { pgErrorCode } from '../org/org.service.js';
import { listPaths } from '../registry/scope.js';
import { assertManageAt, myVolunteer, nodeOr404, readableVolunteer } from './access.js';
import { volunteerErrors } from './errors.js';
import type { PatchTeamBody, TeamBody, TeamDetail, TeamListQuery } from './volunteers.schema.js';

/** 志愿服务队: teams at a node with leaders and members; join by invitation code (at once) or by request and approval. */

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newInviteCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const teamColumns = {
  id: volunteerTeams.id,
  nodeId: volunteerTeams.nodeId,
  nodeName: orgNodes.name,
  nodePath: sql<string>`${orgNodes.path}::text`,
  name: volunteerTeams.name,
  kind: volunteerTeams.kind,
  description: volunteerTeams.description,
  joinMode: volunteerTeams.joinMode,
  inviteCode: volunteerTeams.inviteCode,
  dissolvedAt: volunteerTeams.dissolvedAt,
  memberCount: sql<number>`(select count(*)::int from volunteer_team_members m where m.team_id = ${volunteerTeams.id} and m.status = 'active')`,
};

async function loadTeam(db: DbOrTx, where: SQL) {
  const [t] = await db.select(teamColumns).from(volunteerTeams).innerJoin(orgNodes, eq(orgNodes.id, volunteerTeams.nodeId)).where(where);
  return t;
}
type TeamRow = NonNullable<Awaited<ReturnType<typeof loadTeam>>>;

const summary = (t: TeamRow) => ({
  id: t.id,
  nodeId: t.nodeId,
  nodeName: t.nodeName,
  name: t.name,
  kind: t.kind,
  description: t.description,
  joinMode: t.joinMode,
  memberCount: Number(t.memberCount),
  dissolvedAt: t.dissolvedAt ? toIso(t.dissolvedAt) : null,
});

/** The caller's active membership row in a team, when they are a volunteer. */
async function myMembership(db: DbOrTx, principal: Principal, teamId: number) {
  const [m] = await db
    .select({ id: volunteerTeamMembers.id, role: volunteerTeamMembers.role, status: volunteerTeamMembers.status, volunteerId: volunteerTeamMembers.volunteerId })
    .from(volunteerTeamMembers)
    .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteers.userId, principal.userId), inArray(volunteerTeamMembers.status, ['pending', 'active'])));
  return m;
}

/** Staff with volunteers.read over the team's node, or one of its members, may see it; anyone else: 404. */
async function readableTeam(db: DbOrTx, principal: Principal, id: number) {
  const t = await loadTeam(db, eq(volunteerTeams.id, id));
  if (!t) throw errors.notFound();
  const staff = can(principal, 'volunteers.read', t.nodePath) || can(principal, 'volunteers.manage', t.nodePath);
  const mine = staff ? undefined : await myMembership(db, principal, id);
  if (!staff && !mine) throw errors.notFound();
  const isLeader = mine?.role === 'leader' && mine.status === 'active';
  return { team: t, canManage: can(principal, 'volunteers.manage', t.nodePath), isLeader };
}

export async function getTeam(ctx: AppContext, principal: Principal, id: number): Promise<TeamDetail> {
  const { team, canManage, isLeader } = await readableTeam(ctx.db, principal, id);
  const showMembers = canManage || isLeader || can(principal, 'volunteers.read', team.nodePath);
  const members = showMembers
    ? await ctx.db
        .select({
          id: volunteerTeamMembers.id,
          volunteerId: volunteerTeamMembers.volunteerId,
          name: volunteers.name,
          volunteerNo: volunteers.volunteerNo,
          role: volunteerTeamMembers.role,
          status: volunteerTeamMembers.status,
          requestedAt: volunteerTeamMembers.requestedAt,
        })
        .from(volunteerTeamMembers)
        .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
        .where(and(eq(volunteerTeamMembers.teamId, id), inArray(volunteerTeamMembers.status, ['pending', 'active'])))
        .orderBy(volunteerTeamMembers.status, sql`${volunteerTeamMembers.role} = 'member'`, volunteers.namePinyin)
    : [];
  return {
    ...summary(team),
    inviteCode: canManage || isLeader ? team.inviteCode : null,
    members: members.map((m) => ({ ...m, requestedAt: toIso(m.requestedAt) })),
    canManage: canManage || isLeader,
  };
}

export async function listTeams(ctx: AppContext, principal: Principal, query: TeamListQuery) {
  const paths = await listPaths(ctx.db, principal, ['volunteers.read'], query.nodeId);
  const where: SQL[] = [inSubtrees(orgNodes.path, paths)];
  if (!query.dissolved) where.push(isNull(volunteerTeams.dissolvedAt));
  if (query.q?.trim()) where.push(ilike(volunteerTeams.name, `%${escapeLike(query.q.trim())}%`));
  const cond = and(...where);
  const [{ total }] = (await ctx.db.select({ total: count() }).from(volunteerTeams).innerJoin(orgNodes, eq(orgNodes.id, volunteerTeams.nodeId)).where(cond)) as [{ total: number }];
  const rows = await ctx.db
    .select(teamColumns)
    .from(volunteerTeams)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerTeams.nodeId))
    .where(cond)
    .orderBy(volunteerTeams.name)
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return { items: rows.map(summary), total: Number(total) };
}

/** Teams a volunteer could ask to join: those at their community or above it, and those inside their community. */
export async function availableTeams(ctx: AppContext, principal: Principal) {
  const v = await myVolunteer(ctx.db, principal);
  const [community] = v.communityId ? await ctx.db.select({ path: sql<string>`${orgNodes.path}::text` }).from(orgNodes).where(eq(orgNodes.id, v.communityId)) : [];
  const anchor = community?.path ?? v.nodePath;
  const rows = await ctx.db
    .select(teamColumns)
    .from(volunteerTeams)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerTeams.nodeId))
    .where(and(isNull(volunteerTeams.dissolvedAt), sql`(${orgNodes.path} @> ${anchor}::ltree or ${orgNodes.path} <@ ${anchor}::ltree)`))
    .orderBy(volunteerTeams.name)
    .limit(100);
  return { items: rows.map(summary), total: rows.length };
}

async function saving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw volunteerErrors.teamNameTaken();
    throw err;
  }
}

export async function createTeam(ctx: AppContext, principal: Principal, actor: ActorContext, body: TeamBody) {
  const node = await nodeOr404(ctx.db, body.nodeId);
  assertManageAt(principal, node.path);
  const now = ctx.clock.now();
  const id = await saving(() =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(volunteerTeams)
        .values({
          nodeId: node.id,
          name: body.name.trim(),
          kind: body.kind,
          description: body.description?.trim() ?? '',
          joinMode: body.joinMode ?? 'approval',
          inviteCode: newInviteCode(),
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: volunteerTeams.id });
      await recordAudit(tx, actor, now, { action: 'volunteer_team.create', objectType: 'volunteer_team', objectId: row!.id, orgNodeId: node.id });
      return row!.id;
    }),
  );
  return getTeam(ctx, principal, id);
}

async function manageableTeam(ctx: AppContext, principal: Principal, id: number, leaderMay = false) {
  const r = await readableTeam(ctx.db, principal, id);
  if (!r.canManage && !(leaderMay && r.isLeader)) throw errors.forbidden();
  return r.team;
}

export async function updateTeam(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchTeamBody) {
  const team = await manageableTeam(ctx, principal, id);
  if (team.dissolvedAt) throw volunteerErrors.teamDissolved();
  const now = ctx.clock.now();
  await saving(() =>
    ctx.db.transaction(async (tx) => {
      await tx
        .update(volunteerTeams)
        .set({
          ...(body.name !== undefined ? { name: body.name.trim() } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.description !== undefined ? { description: body.description.trim() } : {}),
          ...(body.joinMode !== undefined ? { joinMode: body.joinMode } : {}),
          updatedAt: now,
        })
        .where(eq(volunteerTeams.id, id));
      await recordAudit(tx, actor, now, { action: 'volunteer_team.edit', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId, details: { fields: Object.keys(body) } });
    }),
  );
  return getTeam(ctx, principal, id);
}

/** Dissolve: no more joining; open memberships end (rows are kept). */
export async function dissolveTeam(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const team = await manageableTeam(ctx, principal, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(volunteerTeams)
      .set({ dissolvedAt: now, inviteCode: null, updatedAt: now })
      .where(and(eq(volunteerTeams.id, id), isNull(volunteerTeams.dissolvedAt)))
      .returning({ id: volunteerTeams.id });
    if (done.length === 0) throw volunteerErrors.teamDissolved();
    await tx
      .update(volunteerTeamMembers)
      .set({ status: 'left', leftAt: now })
      .where(and(eq(volunteerTeamMembers.teamId, id), inArray(volunteerTeamMembers.status, ['pending', 'active'])));
    await recordAudit(tx, actor, now, { action: 'volunteer_team.dissolve', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId });
  });
  return getTeam(ctx, principal, id);
}

export async function rotateCode(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const team = await manageableTeam(ctx, principal, id);
  if (team.dissolvedAt) throw volunteerErrors.teamDissolved();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(volunteerTeams).set({ inviteCode: newInviteCode(), updatedAt: now }).where(eq(volunteerTeams.id, id));
    await recordAudit(tx, actor, now, { action: 'volunteer_team.rotate_code', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId });
  });
  return getTeam(ctx, principal, id);
}

async function insertMember(ctx: AppContext, teamId: number, volunteerId: number, status: 'pending' | 'active', role: 'leader' | 'member', by: number | null) {
  const now = ctx.clock.now();
  try {
    const [row] = await ctx.db
      .insert(volunteerTeamMembers)
      .values({ teamId, volunteerId, role, status, requestedAt: now, decidedAt: status === 'active' ? now : null, decidedBy: status === 'active' ? by : null })
      .returning({ id: volunteerTeamMembers.id });
    return row!.id;
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw volunteerErrors.alreadyMember();
    throw err;
  }
}

/** Join with the team's current invitation code: an active member at once. */
export async function joinByCode(ctx: AppContext, principal: Principal, actor: ActorContext, code: string) {
  const v = await myVolunteer(ctx.db, principal);
  if (v.status !== 'active') throw volunteerErrors.inactive();
  const team = await loadTeam(ctx.db, eq(volunteerTeams.inviteCode, code.trim().toUpperCase()));
  if (!team || team.dissolvedAt) throw volunteerErrors.codeUnknown();
  await insertMember(ctx, team.id, v.id, 'active', 'member', principal.userId);
  await recordAudit(ctx.db, actor, ctx.clock.now(), { action: 'volunteer_team.join_code', objectType: 'volunteer_team', objectId: team.id, orgNodeId: team.nodeId, details: { volunteerId: v.id } });
  return getTeam(ctx, principal, team.id);
}

/** Ask to join a team in reach of one's community: pending until a leader or staff decides. */
export async function applyToTeam(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const v = await myVolunteer(ctx.db, principal);
  if (v.status !== 'active') throw volunteerErrors.inactive();
  const team = await loadTeam(ctx.db, eq(volunteerTeams.id, id));
  if (!team || !(isVisible(principal, team.nodePath) || isUnder(v.nodePath, team.nodePath))) throw errors.notFound();
  if (team.dissolvedAt) throw volunteerErrors.teamDissolved();
  if (team.joinMode === 'code') throw volunteerErrors.teamByCodeOnly();
  await insertMember(ctx, team.id, v.id, 'pending', 'member', null);
  await recordAudit(ctx.db, actor, ctx.clock.now(), { action: 'volunteer_team.apply', objectType: 'volunteer_team', objectId: team.id, orgNodeId: team.nodeId, details: { volunteerId: v.id } });
  return getTeam(ctx, principal, team.id);
}

/** Staff add a volunteer of their reach (active at once), e.g. a leader when founding the team. */
export async function addMember(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, volunteerId: number, role: 'leader' | 'member') {
  const team = await manageableTeam(ctx, principal, id);
  if (team.dissolvedAt) throw volunteerErrors.teamDissolved();
  const v = await readableVolunteer(ctx.db, principal, volunteerId);
  if (v.status !== 'active') throw volunteerErrors.inactive();
  await insertMember(ctx, id, v.id, 'active', role, principal.userId);
  await recordAudit(ctx.db, actor, ctx.clock.now(), { action: 'volunteer_team.add_member', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId, details: { volunteerId, role } });
  return getTeam(ctx, principal, id);
}

export async function decideMember(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, memberId: number, approve: boolean) {
  const team = await manageableTeam(ctx, principal, id, true);
  if (team.dissolvedAt) throw volunteerErrors.teamDissolved();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(volunteerTeamMembers)
      .set({ status: approve ? 'active' : 'rejected', decidedAt: now, decidedBy: principal.userId })
      .where(and(eq(volunteerTeamMembers.id, memberId), eq(volunteerTeamMembers.teamId, id), eq(volunteerTeamMembers.status, 'pending')))
      .returning({ id: volunteerTeamMembers.id });
    if (done.length === 0) throw volunteerErrors.memberNotPending();
    await recordAudit(tx, actor, now, { action: approve ? 'volunteer_team.approve' : 'volunteer_team.reject', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId, details: { memberId } });
  });
  return getTeam(ctx, principal, id);
}

export async function setMemberRole(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, memberId: number, role: 'leader' | 'member') {
  const team = await manageableTeam(ctx, principal, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(volunteerTeamMembers)
      .set({ role })
      .where(and(eq(volunteerTeamMembers.id, memberId), eq(volunteerTeamMembers.teamId, id), eq(volunteerTeamMembers.status, 'active')))
      .returning({ id: volunteerTeamMembers.id });
    if (done.length === 0) throw volunteerErrors.notMember();
    await recordAudit(tx, actor, now, { action: 'volunteer_team.role', objectType: 'volunteer_team', objectId: id, orgNodeId: team.nodeId, details: { memberId, role } });
  });
  return getTeam(ctx, principal, id);
}

/** Leave a team (or withdraw a pending request). */
export async function leaveTeam(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const v = await myVolunteer(ctx.db, principal);
  const now = ctx.clock.now();
  const done = await ctx.db
    .update(volunteerTeamMembers)
    .set({ status: 'left', leftAt: now })
    .where(and(eq(volunteerTeamMembers.teamId, id), eq(volunteerTeamMembers.volunteerId, v.id), inArray(volunteerTeamMembers.status, ['pending', 'active'])))
    .returning({ id: volunteerTeamMembers.id });
  if (done.length === 0) throw volunteerErrors.notMember();
  await recordAudit(ctx.db, actor, now, { action: 'volunteer_team.leave', objectType: 'volunteer_team', objectId: id, orgNodeId: v.nodeId, details: { volunteerId: v.id } });
  return { ok: true };
}
