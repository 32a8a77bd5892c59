import { scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { newToken, revokeAllSessions, revokeSession } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../db/client.js';
import { errors } from '../../platform/errors.js';
import { notify } from '../../platform/notifications.js';
import { maskMobile } from '../../platform/masking.js';
import { decoyHash, verifyPassword } from '../../platform/password.js';
import { roleDefinition } from '../../platform/roles.js';
import * as repo from './auth.repo.js';
import * as throttle from './auth.throttle.js';

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
  const ip = actor.ip ?? 'unknown';
  const user = await repo.findUserByLogin(ctx.db, loginName.trim());
  const subject = throttle.signinSubject(loginName, user?.id ?? null);
  await throttle.assertMayTry(ctx.counters, subject, ip);
  // An unknown name costs the same check against a decoy hash, and the same answer, as a wrong password.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) {
    const { report, failures } = await throttle.recordFailure(ctx.counters, subject, ip);
    await ctx.db.transaction(async (tx) => {
      await recordAudit(tx, { ...actor, userId: user?.id ?? null }, now, {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user?.id ?? null,
        orgNodeId: user?.homeNodeId ?? null,
        details: user ? undefined : { unknownName: true },
      });
      if (report && user) await reportAttack(tx, actor, now, user, failures);
    });
    throw errors.invalidCredentials();
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabled) throw errors.accountDisabled();
  await throttle.recordSuccess(ctx.counters, subject, ip);
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await ctx.db.transaction(async (tx) => {
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

/**
 * Many wrong passwords for one account from anywhere: nobody is locked out, but the people who manage the account
 * hear of it (and the audit log keeps it), so they can warn the owner or disable the account.
 */
async function reportAttack(tx: Tx, actor: ActorContext, now: Date, user: UserRow, failures: number) {
  const admins = await repo.accountAdmins(tx, user.homeNodeId, user.id);
  await recordAudit(tx, actor, now, {
    action: 'auth.under_attack',
    objectType: 'user',
    objectId: user.id,
    orgNodeId: user.homeNodeId,
    details: { failuresLastHour: failures },
  });
  if (admins.length === 0) return;
  await notify(
    tx,
    {
      userIds: admins,
      kind: 'auth.under_attack',
      title: `账号 ${user.displayName}（${user.username}）近一小时密码错误 ${failures} 次`,
      body: '可能有人在猜测该账号的密码。账号没有被锁定，本人仍可正常登录；如有必要，请提醒本人修改密码或暂时停用账号。',
      en: {
        title: `${failures} wrong passwords in the last hour for ${user.displayName} (${user.username})`,
        body: 'Someone may be guessing this account’s password. The account is not locked and its owner can still sign in; if needed, ask them to change the password or disable the account for a while.',
      },
      link: `/console/users?focus=${user.id}`,
      data: { userId: user.id },
    },
    now,
  );
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

/** End every session of the caller's account (a lost phone, a shared computer): this one included. */
export async function logoutEverywhere(ctx: AppContext, principal: Principal, actor: ActorContext): Promise<{ ended: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ended = await revokeAllSessions(tx, principal.userId, now);
    await recordAudit(tx, actor, now, {
      action: 'auth.logout_all',
      objectType: 'user',
      objectId: principal.userId,
      orgNodeId: principal.homeNodeId,
      details: { ended },
    });
    return { ended };
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
