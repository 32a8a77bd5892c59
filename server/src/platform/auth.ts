import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db, DbOrTx } from '../db/client.js';
import { orgNodes } from '../db/schema/org.js';
import { roleAssignments, sessions, users } from '../db/schema/users.js';
import type { Principal } from './access.js';
import type { Clock } from './clock.js';
import { errors } from './errors.js';

export const SESSION_COOKIE = 'lianxin_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carries a valid session token; null otherwise. */
    principal: Principal | null;
    /** Why the token was refused, so requireUser can answer "expired" rather than "sign in". */
    authProblem: 'expired' | null;
    /** Where the token came from: a cookie needs the same-origin check for changes (platform/security.ts). */
    authVia: 'bearer' | 'cookie' | null;
  }
  interface FastifyInstance {
    /** preHandler: 401 unless signed in. */
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function tokenFrom(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, via: 'bearer' } : undefined;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/** Load the principal behind a token: one query for the session and user, one for the roles with node paths. */
export async function loadPrincipal(db: Db, token: string, now: Date): Promise<Principal | 'expired' | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      homeNodeId: users.homeNodeId,
      disabled: users.disabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .limit(1);
  if (!row || row.disabled) return null;
  if (row.expiresAt <= now) return 'expired';
  const roles = await db
    .select({ id: roleAssignments.id, role: roleAssignments.role, orgNodeId: roleAssignments.orgNodeId, path: orgNodes.path })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(eq(roleAssignments.userId, row.userId));
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    homeNodeId: row.homeNodeId,
    sessionId: row.sessionId,
    roles,
  };
}

/** Sessions that are still live for a user (used when revoking all of them). */
export async function revokeSession(db: DbOrTx, sessionId: number, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** End every live session of a user; returns how many there were. */
export async function revokeAllSessions(db: DbOrTx, userId: number, now: Date): Promise<number> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .returning({ id: sessions.id });
  return ended.length;
}

export const authPlugin = fp<{ db: Db; clock: Clock }>(async (app: FastifyInstance, opts) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('authProblem', null);
  app.decorateRequest('authVia', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const found = tokenFrom(request);
    if (!found) return;
    request.authVia = found.via;
    const result = await loadPrincipal(opts.db, found.token, opts.clock.now());
    if (result === 'expired') request.authProblem = 'expired';
    else request.principal = result;
  });
  const requireUser = async (request: FastifyRequest) => {
    if (!request.principal) throw request.authProblem === 'expired' ? errors.sessionExpired() : errors.unauthenticated();
  };
  app.decorate('requireUser', requireUser);
  // Routes name `preHandler: app.requireUser`; run it when the request arrives instead, before the body is read and
  // validated, so an anonymous caller gets 401 and never a 400 that lists the route's field names.
  app.addHook('onRoute', (route) => {
    const pre = route.preHandler;
    const list = Array.isArray(pre) ? pre : pre ? [pre] : [];
    if (!list.includes(requireUser)) return;
    route.preHandler = list.filter((h) => h !== requireUser);
    const onRequest = Array.isArray(route.onRequest) ? route.onRequest : route.onRequest ? [route.onRequest] : [];
    route.onRequest = [requireUser, ...onRequest];
  });
});

/** The signed-in principal; call only behind `preHandler: app.requireUser`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthenticated();
  return request.principal;
}
