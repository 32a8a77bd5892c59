import { eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { sessions, users } from '../../db/schema/users.js';

export async function findUserByLogin(db: DbOrTx, login: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${login})`, eq(users.mobile, login)))
    .limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

/**
 * Count a wrong password in one statement, so two racing attempts both count. A lock that has run out
 * starts the count afresh. Returns the new state.
 */
export async function registerFailedLogin(db: DbOrTx, userId: number, now: Date) {
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now} then 1 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case
        when ${users.lockedUntil} is not null and ${users.lockedUntil} > ${now} then ${users.lockedUntil}
        when (case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now} then 1 else ${users.failedLogins} + 1 end) >= ${LOCK_AFTER_FAILURES} then ${lockUntil}::timestamptz
        else null end`,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return row!;
}

export async function clearFailedLogins(db: DbOrTx, userId: number) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function insertSession(
  db: DbOrTx,
  values: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  const [row] = await db.insert(sessions).values(values).returning({ id: sessions.id });
  return row!;
}

export async function nodesByIds(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: orgNodes.id,
      parentId: orgNodes.parentId,
      kind: orgNodes.kind,
      subkind: orgNodes.subkind,
      code: orgNodes.code,
      name: orgNodes.name,
      depth: orgNodes.depth,
      path: orgNodes.path,
    })
    .from(orgNodes)
    .where(inArray(orgNodes.id, ids));
}
