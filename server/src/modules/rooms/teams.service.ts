import { isUnder, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as orgRepo from '../org/org.repo.js';
import { pgErrorCode } from './errors.js';
import { assertSeeTeam, manages, teamActions, type RoomScope } from './rooms.policy.js';
import { loadScope } from './rooms.scope.js';
import * as repo from './teams.repo.js';
import type { AddMemberBody, CreateTeamBody, PatchTeamBody, TeamsQuery } from './teams.schema.js';
import { iso } from './time.js';

/** Teams 团队: staff file them at a node with a leader; the leader (or staff) keeps the member list. */

const TEAM_NODE_KINDS = ['town', 'community', 'grid'];

function subject(row: repo.TeamWithNode, isMember: boolean) {
  return { nodePath: row.nodePath, leaderUserId: row.team.leaderUserId, active: row.team.active, isMember };
}

export function presentTeam(scope: RoomScope, row: repo.TeamWithNode, isMember: boolean) {
  return {
    id: row.team.id,
    orgNodeId: row.team.orgNodeId,
    nodeName: row.nodeName,
    name: row.team.name,
    kind: row.team.kind,
    leader: { id: row.team.leaderUserId, displayName: row.leaderName },
    description: row.team.description,
    active: row.team.active,
    memberCount: row.memberCount,
    isMember,
    createdAt: iso(row.team.createdAt),
    allowedActions: teamActions(scope, subject(row, isMember)),
  };
}

async function detail(ctx: AppContext, scope: RoomScope, id: number) {
  const row = await repo.findTeam(ctx.db, id);
  const isMember = row ? await repo.isMember(ctx.db, id, scope.userId) : false;
  assertSeeTeam(scope, row ? subject(row, isMember) : undefined);
  const members = await repo.members(ctx.db, id);
  return {
    ...presentTeam(scope, row!, isMember),
    // The leader first, then in the order they joined.
    members: members
      .map((m) => ({ userId: m.userId, displayName: m.displayName, joinedAt: iso(m.joinedAt), isLeader: m.userId === row!.team.leaderUserId }))
      .sort((a, b) => Number(b.isLeader) - Number(a.isLeader)),
  };
}

export async function getTeam(ctx: AppContext, principal: Principal, id: number) {
  return detail(ctx, await loadScope(ctx.db, principal), id);
}

export async function listTeams(ctx: AppContext, principal: Principal, query: TeamsQuery) {
  const scope = await loadScope(ctx.db, principal);
  const rows = await repo.listTeams(ctx.db, { managePaths: scope.managePaths, userId: scope.userId, nodeId: query.nodeId, mine: query.mine === true, q: query.q?.trim() || undefined });
  const mine = new Set(await repo.teamIdsOf(ctx.db, scope.userId));
  return { items: rows.map((r) => presentTeam(scope, r, mine.has(r.team.id))) };
}

const nameTaken = (name: string) => errors.conflict('team_name_taken', `该节点下已有名为“${name}”的团队`, `A team called "${name}" is already filed there`);

/** A person who may join a team filed at `teamPath`: an enabled account filed inside that subtree. */
async function eligibleUser(ctx: AppContext, teamPath: string, by: { userId?: number; login?: string }) {
  const user = await repo.findUser(ctx.db, by);
  if (!user || user.disabled || !isUnder(user.homePath, teamPath)) {
    throw errors.badRequest(
      'team_member_ineligible',
      '找不到该居民，或其不属于该团队所在的社区',
      'No such person, or they are not filed in the team’s community',
      by,
    );
  }
  return user;
}

export async function createTeam(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateTeamBody) {
  const scope = await loadScope(ctx.db, principal);
  const node = await orgRepo.findNode(ctx.db, body.orgNodeId);
  if (!node || !(manages(scope, node.path) || principal.roles.some((r) => isUnder(node.path, r.path)))) throw errors.notFound();
  if (!manages(scope, node.path)) throw errors.forbidden();
  if (!TEAM_NODE_KINDS.includes(node.kind)) {
    throw errors.badRequest('team_node_kind', '团队须设在镇街、社区或网格上', 'A team is filed at a town, community or grid', { kind: node.kind });
  }
  const name = body.name.trim();
  if (!name) throw errors.badRequest('team_name_blank', '名称不能为空', 'The name cannot be blank');
  const leader = await eligibleUser(ctx, node.path, { userId: body.leaderUserId });
  const others: { id: number }[] = [];
  for (const id of body.memberIds ?? []) if (id !== leader.id) others.push(await eligibleUser(ctx, node.path, { userId: id }));
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (await repo.teamNamed(tx, node.id, name)) throw nameTaken(name);
      const team = await repo.insertTeam(tx, {
        orgNodeId: node.id,
        name,
        kind: body.kind,
        leaderUserId: leader.id,
        description: body.description?.trim() ?? '',
        createdAt: now,
        updatedAt: now,
      });
      for (const u of [leader, ...others]) await repo.addMember(tx, team.id, u.id, now);
      await recordAudit(tx, actor, now, {
        action: 'team.create',
        objectType: 'team',
        objectId: team.id,
        orgNodeId: node.id,
        details: { name, kind: body.kind, leaderUserId: leader.id, members: others.length + 1 },
      });
      return team.id;
    });
    return detail(ctx, scope, id);
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw nameTaken(name);
    throw err;
  }
}

async function editableTeam(ctx: AppContext, scope: RoomScope, id: number, need: 'edit' | 'manage_members') {
  const row = await repo.findTeam(ctx.db, id);
  const isMember = row ? await repo.isMember(ctx.db, id, scope.userId) : false;
  assertSeeTeam(scope, row ? subject(row, isMember) : undefined);
  if (!teamActions(scope, subject(row!, isMember)).includes(need)) throw errors.forbidden();
  return row!;
}

export async function updateTeam(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchTeamBody) {
  const scope = await loadScope(ctx.db, principal);
  const row = await editableTeam(ctx, scope, id, 'edit');
  const name = body.name?.trim();
  if (body.name !== undefined && !name) throw errors.badRequest('team_name_blank', '名称不能为空', 'The name cannot be blank');
  const leader = body.leaderUserId ? await eligibleUser(ctx, row.nodePath, { userId: body.leaderUserId }) : undefined;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      if (name && name !== row.team.name && (await repo.teamNamed(tx, row.team.orgNodeId, name))) throw nameTaken(name);
      await repo.updateTeam(tx, id, {
        name,
        kind: body.kind,
        leaderUserId: leader?.id,
        description: body.description?.trim(),
        active: body.active,
        updatedAt: now,
      });
      // The leader is always a member.
      if (leader) await repo.addMember(tx, id, leader.id, now);
      await recordAudit(tx, actor, now, {
        action: 'team.update',
        objectType: 'team',
        objectId: id,
        orgNodeId: row.team.orgNodeId,
        details: { before: { name: row.team.name, kind: row.team.kind, leaderUserId: row.team.leaderUserId, active: row.team.active }, after: body },
      });
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && name) throw nameTaken(name);
    throw err;
  }
  return detail(ctx, scope, id);
}

export async function addMember(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: AddMemberBody) {
  if (!body.userId === !body.login) {
    throw errors.badRequest('member_identifier', '请给出 userId 或 login 其中之一', 'Give exactly one of userId or login');
  }
  const scope = await loadScope(ctx.db, principal);
  const row = await editableTeam(ctx, scope, id, 'manage_members');
  const user = await eligibleUser(ctx, row.nodePath, body.userId ? { userId: body.userId } : { login: body.login!.trim() });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.addMember(tx, id, user.id, now))) return;
    await recordAudit(tx, actor, now, { action: 'team.member_add', objectType: 'team', objectId: id, orgNodeId: row.team.orgNodeId, details: { userId: user.id } });
  });
  return detail(ctx, scope, id);
}

/** The leader or staff remove a member; any member may leave. The leader cannot leave without a successor. */
export async function removeMember(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, userId: number) {
  const scope = await loadScope(ctx.db, principal);
  const row = userId === scope.userId ? await repo.findTeam(ctx.db, id) : await editableTeam(ctx, scope, id, 'manage_members');
  if (!row || !(await repo.isMember(ctx.db, id, userId))) throw errors.notFound();
  if (userId === row.team.leaderUserId) {
    throw errors.conflict('leader_cannot_leave', '队长不能退出团队，请先更换队长', 'The leader cannot leave the team; appoint another leader first');
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.removeMember(tx, id, userId);
    await recordAudit(tx, actor, now, { action: 'team.member_remove', objectType: 'team', objectId: id, orgNodeId: row.team.orgNodeId, details: { userId } });
  });
}
