import type { Tx } from '../../db/client.js';
import { scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { revokeAllSessions } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { hashPassword } from '../../platform/password.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { ROLES } from '../../platform/roles.js';
import { checkPassword, cleanDisplayName, cleanMobile, cleanUsername, conflictFor } from './users.input.js';
import * as policy from './users.policy.js';
import * as repo from './users.repo.js';
import type { CreateUserBody, RoleGrant, UpdateUserBody, User, UserListQuery } from './users.schema.js';

export function listRoles() {
  return { items: ROLES.map(({ role, label, nodeKinds, rank }) => ({ role, label, nodeKinds, rank })) };
}

function present(principal: Principal, user: repo.UserRecord): User {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    mobile: maskMobile(user.mobile),
    homeNodeId: user.homeNodeId,
    homeNodeName: user.homeNodeName,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    roles: user.roles.map(({ id, role, orgNodeId, orgNodeName }) => ({ id, role, orgNodeId, orgNodeName })),
    allowedActions: policy.allowedActions(principal, user),
  };
}

/** Run an account change in one transaction; unique-index violations become 409 with a stable code. */
async function commit<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(work);
  } catch (err) {
    throw conflictFor(repo.violatedUniqueIndex(err), err);
  }
}

/** Lock the account row, re-check the caller may still manage it, run the change, answer the fresh account. */
async function changeUser(
  ctx: AppContext,
  principal: Principal,
  userId: number,
  change: (tx: Tx, user: repo.UserRecord, now: Date) => Promise<void>,
): Promise<User> {
  const now = ctx.clock.now();
  const after = await commit(ctx, async (tx) => {
    const user = await repo.loadUser(tx, userId, { lock: true });
    policy.assertManageUser(principal, user);
    await change(tx, user, now);
    return (await repo.loadUser(tx, userId))!;
  });
  return present(principal, after);
}

export async function listUsers(ctx: AppContext, principal: Principal, query: UserListQuery) {
  let paths: string[];
  if (query.nodeId !== undefined) {
    const node = await repo.findNode(ctx.db, query.nodeId);
    policy.assertNodeReach(principal, 'users.read', node);
    paths = [node.path];
  } else {
    paths = scopePaths(principal, 'users.read');
    if (paths.length === 0) throw errors.forbidden();
  }
  if (query.role) policy.knownRole(query.role);
  const q = query.q?.trim() || undefined;
  const { ids, total } = await repo.searchUserIds(ctx.db, { paths, role: query.role, q }, query.limit, query.offset);
  const items = await repo.loadUsers(ctx.db, ids);
  return { items: items.map((u) => present(principal, u)), total };
}

export async function getUser(ctx: AppContext, principal: Principal, userId: number): Promise<User> {
  const user = await repo.loadUser(ctx.db, userId);
  policy.assertReadUser(principal, user);
  return present(principal, user);
}

/** The unmasked mobile number. Every view is written to the audit log (PIPL) before the number is returned. */
export async function getContact(ctx: AppContext, principal: Principal, actor: ActorContext, userId: number) {
  const user = await repo.loadUser(ctx.db, userId);
  policy.assertViewContact(principal, user);
  await recordAudit(ctx.db, actor, ctx.clock.now(), {
    action: 'person.view_full',
    objectType: 'user',
    objectId: user.id,
    orgNodeId: user.homeNodeId,
    details: { fields: ['mobile'] },
  });
  return { mobile: user.mobile };
}

export async function createUser(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateUserBody): Promise<User> {
  const username = cleanUsername(body.username);
  const displayName = cleanDisplayName(body.displayName);
  const mobile = cleanMobile(body.mobile) ?? null;
  checkPassword(body.password);

  const home = await repo.findNode(ctx.db, body.homeNodeId);
  policy.assertNodeManageable(principal, home);
  const grants: { role: string; orgNodeId: number }[] = [];
  for (const g of body.roles ?? []) {
    if (grants.some((x) => x.role === g.role && x.orgNodeId === g.orgNodeId)) continue;
    policy.assertGrantable(principal, policy.knownRole(g.role), await repo.findNode(ctx.db, g.orgNodeId));
    grants.push({ role: g.role, orgNodeId: g.orgNodeId });
  }
  const passwordHash = await hashPassword(body.password);

  const now = ctx.clock.now();
  const created = await commit(ctx, async (tx) => {
    const id = await repo.insertUser(tx, {
      username,
      displayName,
      namePinyin: pinyinKeys(displayName).full,
      nameInitials: pinyinKeys(displayName).initials,
      mobile,
      passwordHash,
      homeNodeId: body.homeNodeId,
    });
    await recordAudit(tx, actor, now, {
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      orgNodeId: body.homeNodeId,
      details: { username, displayName, mobile: maskMobile(mobile) },
    });
    for (const g of grants) await grantInTx(tx, principal, actor, now, id, g);
    return (await repo.loadUser(tx, id))!;
  });
  return present(principal, created);
}

async function grantInTx(tx: Tx, principal: Principal, actor: ActorContext, now: Date, userId: number, grant: RoleGrant) {
  const assignmentId = await repo.insertRoleAssignment(tx, { ...grant, userId, grantedBy: principal.userId, createdAt: now });
  await recordAudit(tx, actor, now, {
    action: 'role.grant',
    objectType: 'user',
    objectId: userId,
    orgNodeId: grant.orgNodeId,
    details: { assignmentId, role: grant.role },
  });
}

export async function updateUser(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  userId: number,
  body: UpdateUserBody,
): Promise<User> {
  const displayName = body.displayName === undefined ? undefined : cleanDisplayName(body.displayName);
  const mobile = cleanMobile(body.mobile);
  if (body.password !== undefined) checkPassword(body.password);

  // Authorize before the slow work (password hashing); changeUser checks again under the row lock.
  const before = await repo.loadUser(ctx.db, userId);
  policy.assertManageUser(principal, before);
  if (body.disabled === true && userId === principal.userId) {
    throw errors.forbidden(undefined, { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
  }
  if (body.homeNodeId !== undefined && body.homeNodeId !== before.homeNodeId) {
    policy.assertNodeManageable(principal, await repo.findNode(ctx.db, body.homeNodeId));
  }
  const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);

  return changeUser(ctx, principal, userId, async (tx, user, now) => {
    const changes: repo.UserChanges = {};
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    if (displayName !== undefined && displayName !== user.displayName) {
      changes.displayName = displayName;
      changes.namePinyin = pinyinKeys(displayName).full;
      changes.nameInitials = pinyinKeys(displayName).initials;
      changed.displayName = { from: user.displayName, to: displayName };
    }
    if (mobile !== undefined && mobile !== user.mobile) {
      changes.mobile = mobile;
      changed.mobile = { from: maskMobile(user.mobile), to: maskMobile(mobile) };
    }
    if (body.homeNodeId !== undefined && body.homeNodeId !== user.homeNodeId) {
      changes.homeNodeId = body.homeNodeId;
      changed.homeNodeId = { from: user.homeNodeId, to: body.homeNodeId };
    }
    const disabling = body.disabled !== undefined && body.disabled !== user.disabled;
    if (disabling) changes.disabled = body.disabled;
    if (passwordHash !== undefined) Object.assign(changes, { passwordHash });
    if (Object.keys(changes).length === 0) return;

    await repo.updateUser(tx, user.id, changes, now);
    // Audited at the node the account was filed under when the change was made.
    const audit = (action: string, details?: Record<string, unknown>) =>
      recordAudit(tx, actor, now, { action, objectType: 'user', objectId: user.id, orgNodeId: user.homeNodeId, details });
    if (Object.keys(changed).length > 0) await audit('user.update', { changed });
    if (disabling) await audit(body.disabled ? 'user.disable' : 'user.enable');
    if (passwordHash !== undefined) await audit('user.reset_password');
    if ((disabling && body.disabled) || passwordHash !== undefined) await revokeAllSessions(tx, user.id, now);
  });
}

export async function grantRole(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  userId: number,
  grant: RoleGrant,
): Promise<User> {
  policy.assertManageUser(principal, await repo.loadUser(ctx.db, userId));
  const def = policy.knownRole(grant.role);
  policy.assertGrantable(principal, def, await repo.findNode(ctx.db, grant.orgNodeId));
  return changeUser(ctx, principal, userId, (tx, user, now) => grantInTx(tx, principal, actor, now, user.id, grant));
}

export async function revokeRole(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  userId: number,
  assignmentId: number,
): Promise<User> {
  return changeUser(ctx, principal, userId, async (tx, user, now) => {
    const assignment = user.roles.find((r) => r.id === assignmentId);
    if (!assignment) throw errors.notFound(undefined, { zh: '该用户没有这项角色', en: 'The user has no such role assignment' });
    policy.assertRevocable(principal, user.id, assignment);
    await repo.deleteRoleAssignment(tx, assignment.id);
    await recordAudit(tx, actor, now, {
      action: 'role.revoke',
      objectType: 'user',
      objectId: user.id,
      orgNodeId: assignment.orgNodeId,
      details: { assignmentId: assignment.id, role: assignment.role },
    });
  });
}
