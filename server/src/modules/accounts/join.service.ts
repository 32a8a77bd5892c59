import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { assertCan, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as repo from './join.repo.js';
import { rootNodeId } from './otp.repo.js';

/**
 * Joining a community (docs/adr/0019): an account becomes a `resident` at the unit, building or community it
 * picks — by the community's QR poster (its join code) or by picking town → community → building → unit — at once,
 * so it can file requests and book rooms. Staff confirm it against the registry later (confirm.service.ts).
 * Moving is joining somewhere else (the old resident role goes, the audit keeps where from); leaving drops it.
 * Accounts holding a staff role do not join here: their administrators file them.
 */

const joinErrors = {
  notJoinable: () =>
    errors.badRequest('join_place_invalid', '只能加入社区、楼栋或单元', 'You can join a community, a building or a unit only'),
  outside: () => errors.badRequest('join_place_outside', '所选楼栋或单元不在该社区', 'That building or unit is not in this community'),
  unknownCode: () => errors.notFound(undefined, { zh: '二维码已失效或不存在，请向社区索取新的二维码', en: 'This QR code is no longer valid; ask the community for a new one' }),
  staff: () =>
    errors.forbidden(undefined, {
      zh: '工作人员账号不能在这里加入社区，请联系管理员',
      en: 'Staff accounts do not join communities here; ask your administrator',
    }),
  notJoined: () => errors.conflict('not_joined', '您还没有加入社区', 'You have not joined a community'),
};

function assertResidentOnly(principal: Principal): void {
  if (principal.roles.some((r) => r.role !== 'resident')) throw joinErrors.staff();
}

export async function listCommunities(ctx: AppContext, q: string | undefined) {
  return repo.joinableCommunities(ctx.db, q?.trim() || undefined, 200);
}

export async function listPlaces(ctx: AppContext, nodeId: number) {
  const node = await repo.findNode(ctx.db, nodeId);
  if (!node || (node.kind !== 'community' && node.kind !== 'building')) throw errors.notFound();
  return repo.placesUnder(ctx.db, node);
}

export async function resolveJoinCode(ctx: AppContext, code: string) {
  const communityId = await repo.communityByJoinCode(ctx.db, code);
  if (!communityId) throw joinErrors.unknownCode();
  const chain = await repo.ancestry(ctx.db, (await repo.findNode(ctx.db, communityId))!.path);
  const community = chain.at(-1)!;
  const town = chain.at(-2);
  return { communityId: community.id, communityName: community.name, townName: town?.name ?? null };
}

/** Join (or move to) a place: a unit, building or community; with a join code the place must lie in its community. */
export async function join(ctx: AppContext, principal: Principal, actor: ActorContext, input: { nodeId?: number; code?: string }) {
  assertResidentOnly(principal);
  const codeCommunity = input.code ? await repo.communityByJoinCode(ctx.db, input.code) : undefined;
  if (input.code && !codeCommunity) throw joinErrors.unknownCode();
  const targetId = input.nodeId ?? codeCommunity;
  if (!targetId) throw errors.badRequest('join_place_missing', '请选择要加入的社区、楼栋或单元', 'Pick the community, building or unit to join');
  const target = await repo.findNode(ctx.db, targetId);
  if (!target) throw errors.notFound();
  if (!(repo.JOINABLE_KINDS as readonly string[]).includes(target.kind)) throw joinErrors.notJoinable();
  const chain = await repo.ancestry(ctx.db, target.path);
  const community = chain.find((n) => n.kind === 'community');
  if (!community) throw joinErrors.notJoinable();
  if (codeCommunity && community.id !== codeCommunity) throw joinErrors.outside();

  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const user = await repo.lockUser(tx, principal.userId);
    if (!user) throw errors.unauthenticated();
    const roles = await repo.residentRoles(tx, user.id);
    if (roles.some((r) => r.role !== 'resident')) throw joinErrors.staff();
    const previous = roles[0];
    if (roles.length === 1 && previous!.orgNodeId === target.id) return;
    const previousCommunity = previous ? (await repo.ancestry(tx, previous.path)).find((n) => n.kind === 'community') : undefined;
    await repo.deleteRoles(tx, roles.map((r) => r.id));
    const assignmentId = await repo.insertResidentRole(tx, { userId: user.id, orgNodeId: target.id, grantedBy: user.id, createdAt: now });
    await repo.setHomeNode(tx, user.id, target.id, now);
    // A record in another community's registry is not this person's any more: staff confirm again there.
    const unlinked = previousCommunity && previousCommunity.id !== community.id ? await repo.unlinkPerson(tx, user.id, now) : null;
    await recordAudit(tx, actor, now, {
      action: previous ? 'resident.move' : 'resident.join',
      objectType: 'user',
      objectId: user.id,
      orgNodeId: target.id,
      details: {
        assignmentId,
        from: previous ? { nodeId: previous.orgNodeId, assignmentIds: roles.map((r) => r.id) } : null,
        via: input.code ? 'qr' : 'picker',
        ...(unlinked ? { unlinkedPersonId: unlinked } : {}),
      },
    });
  });
  return { nodeId: target.id, names: chain.filter((n) => n.kind !== 'region' && n.kind !== 'city' && n.kind !== 'county').map((n) => n.name) };
}

export async function leave(ctx: AppContext, principal: Principal, actor: ActorContext) {
  assertResidentOnly(principal);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const user = await repo.lockUser(tx, principal.userId);
    if (!user) throw errors.unauthenticated();
    const roles = await repo.residentRoles(tx, user.id);
    if (roles.length === 0) throw joinErrors.notJoined();
    await repo.deleteRoles(tx, roles.map((r) => r.id));
    const root = await rootNodeId(tx);
    await repo.setHomeNode(tx, user.id, root, now);
    const unlinked = await repo.unlinkPerson(tx, user.id, now);
    await recordAudit(tx, actor, now, {
      action: 'resident.leave',
      objectType: 'user',
      objectId: user.id,
      orgNodeId: roles[0]!.orgNodeId,
      details: { assignmentIds: roles.map((r) => r.id), nodeIds: roles.map((r) => r.orgNodeId), ...(unlinked ? { unlinkedPersonId: unlinked } : {}) },
    });
  });
}

/** The community's join code for its QR poster: made on first ask; `renew` replaces it (old posters stop working). */
export async function joinCode(ctx: AppContext, principal: Principal, actor: ActorContext, communityId: number, renew: boolean, origin: string) {
  const community = await repo.findNode(ctx.db, communityId);
  if (!community) throw errors.notFound();
  assertCan(principal, 'users.manage', community.path);
  if (community.kind !== 'community') throw errors.badRequest('not_a_community', '只有社区有入驻二维码', 'Only communities have a join QR code');
  const now = ctx.clock.now();
  let row = await repo.joinCodeOf(ctx.db, communityId);
  if (!row || renew) {
    const code = randomBytes(12).toString('base64url');
    await ctx.db.transaction(async (tx) => {
      await repo.saveJoinCode(tx, { communityId, code, createdBy: principal.userId, createdAt: now });
      await recordAudit(tx, actor, now, {
        action: row ? 'join_code.renew' : 'join_code.create',
        objectType: 'org_node',
        objectId: communityId,
        orgNodeId: communityId,
      });
    });
    row = (await repo.joinCodeOf(ctx.db, communityId))!;
  }
  const path = `/m/join?code=${row.code}`;
  const svg = await QRCode.toString(`${origin}${path}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { communityId, communityName: community.name, code: row.code, createdAt: row.createdAt.toISOString(), path, url: `${origin}${path}`, svg };
}
