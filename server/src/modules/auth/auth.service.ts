import { scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { newToken, revokeSession } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { decoyHash, verifyPassword } from '../../platform/password.js';
import { roleDefinition } from '../../platform/roles.js';
import * as repo from './auth.repo.js';

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export function presentSelf(user: Pick<UserRow, 'id' | 'username' | 'displayName' | 'mobile' | 'homeNodeId'>) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    mobile: maskMobile(user.mobile),
    homeNodeId: user.homeNodeId,
  };
}

export async function login(ctx: AppContext, actor: ActorContext, loginName: string, password: string) {
  const now = ctx.clock.now();
  const user = await repo.findUserByLogin(ctx.db, loginName.trim());
  if (!user) {
    // Same cost as a real check, so response time does not reveal which usernames exist.
    await verifyPassword(password, await decoyHash());
    throw errors.invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw errors.accountLocked({ lockedUntil: user.lockedUntil.toISOString() });
  }
  if (user.disabled) throw errors.accountDisabled();
  if (!(await verifyPassword(password, user.passwordHash))) {
    const state = await ctx.db.transaction(async (tx) => {
      const s = await repo.registerFailedLogin(tx, user.id, now);
      await recordAudit(tx, { ...actor, userId: user.id }, now, {
        action: s.lockedUntil ? 'auth.locked' : 'auth.login_failed',
        objectType: 'user',
        objectId: user.id,
        orgNodeId: user.homeNodeId,
        details: { failedLogins: s.failedLogins },
      });
      return s;
    });
    if (state.lockedUntil) throw errors.accountLocked({ lockedUntil: state.lockedUntil.toISOString() });
    throw errors.invalidCredentials({ attemptsLeft: repo.LOCK_AFTER_FAILURES - state.failedLogins });
  }
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await ctx.db.transaction(async (tx) => {
    await repo.clearFailedLogins(tx, user.id);
    await repo.insertSession(tx, { tokenHash, userId: user.id, createdAt: now, expiresAt, ip: actor.ip, userAgent: actor.userAgent });
    await recordAudit(tx, { ...actor, userId: user.id }, now, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      orgNodeId: user.homeNodeId,
    });
  });
  return { token, expiresAt, user: presentSelf(user) };
}

export async function logout(ctx: AppContext, principal: Principal, actor: ActorContext) {
  const now = ctx.clock.now();
  await revokeSession(ctx.db, principal.sessionId, now);
  await recordAudit(ctx.db, actor, now, {
    action: 'auth.logout',
    objectType: 'user',
    objectId: principal.userId,
    orgNodeId: principal.homeNodeId,
  });
}

export async function me(ctx: AppContext, principal: Principal) {
  const user = await repo.findUserById(ctx.db, principal.userId);
  if (!user) throw errors.unauthenticated();
  const scopeSet = new Set(scopePaths(principal));
  const nodeIds = [...new Set([...principal.roles.map((r) => r.orgNodeId), user.homeNodeId])];
  const nodes = await repo.nodesByIds(ctx.db, nodeIds);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const permissions = new Set<string>();
  for (const r of principal.roles) for (const p of roleDefinition(r.role)?.permissions ?? []) permissions.add(p);
  return {
    user: presentSelf(user),
    homeNode: byId.get(user.homeNodeId) ?? null,
    roles: principal.roles.map((r) => ({ id: r.id, role: r.role, orgNode: byId.get(r.orgNodeId)! })),
    scopes: nodes.filter((n) => scopeSet.has(n.path)).sort((a, b) => a.depth - b.depth || a.id - b.id),
    permissions: [...permissions].sort(),
  };
}
