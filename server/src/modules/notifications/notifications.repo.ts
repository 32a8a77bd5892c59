import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { notifications } from '../../db/schema/platform.js';
import { roleAssignments, sessions, users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

const itemColumns = {
  id: notifications.id,
  kind: notifications.kind,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  data: notifications.data,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
};

export async function listForUser(db: DbOrTx, userId: number, opts: { limit: number; offset: number; unreadOnly: boolean }) {
  return db
    .select(itemColumns)
    .from(notifications)
    .where(and(eq(notifications.userId, userId), opts.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit)
    .offset(opts.offset);
}

export async function countsForUser(db: DbOrTx, userId: number) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int`,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
}

/** Mark one of the user's own notifications read; undefined when it is not theirs (or does not exist). */
export async function markRead(db: DbOrTx, userId: number, id: number, now: Date) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning(itemColumns);
  return row;
}

export async function markAllRead(db: DbOrTx, userId: number, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** The user's notifications after a given id, oldest first: what a reconnecting page missed. */
export async function listAfter(db: DbOrTx, userId: number, afterId: number, limit: number) {
  return db
    .select(itemColumns)
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, afterId)))
    .orderBy(asc(notifications.id))
    .limit(limit);
}

export async function findNode(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id));
  return row;
}

const roleNode = alias(orgNodes, 'role_node');

/** Active users whose home node lies under `path`; with roles, only those holding one of them inside the subtree. */
export async function recipientsInSubtree(db: DbOrTx, path: string, roles: string[] | undefined): Promise<number[]> {
  const holdsRole = roles?.length
    ? sql`exists (${db
        .select({ one: sql`1` })
        .from(roleAssignments)
        .innerJoin(roleNode, eq(roleNode.id, roleAssignments.orgNodeId))
        .where(and(eq(roleAssignments.userId, users.id), inArray(roleAssignments.role, roles), inSubtrees(roleNode.path, [path])))})`
    : undefined;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgNodes, eq(orgNodes.id, users.homeNodeId))
    .where(and(inSubtrees(orgNodes.path, [path]), eq(users.disabled, false), holdsRole))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

/** Still signed in: a long-lived event stream stops when its session is revoked or expires. */
export async function sessionIsLive(db: DbOrTx, sessionId: number, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.disabled, false)));
  return row !== undefined;
}
