import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { otpCodes } from '../../db/schema/accounts.js';
import { orgNodes } from '../../db/schema/org.js';
import { roleAssignments, users } from '../../db/schema/users.js';

/** A new code retires every open one for the number: only the newest code works. */
export async function replaceCode(db: DbOrTx, values: { mobileHash: string; codeHash: string; createdAt: Date; expiresAt: Date }) {
  await db
    .update(otpCodes)
    .set({ consumedAt: values.createdAt })
    .where(and(eq(otpCodes.mobileHash, values.mobileHash), isNull(otpCodes.consumedAt)));
  await db.insert(otpCodes).values(values);
}

export async function latestOpenCode(db: DbOrTx, mobileHash: string) {
  const [row] = await db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.mobileHash, mobileHash), isNull(otpCodes.consumedAt)))
    .orderBy(desc(otpCodes.createdAt), desc(otpCodes.id))
    .limit(1);
  return row;
}

/** Count a wrong try while tries are left; the attempts after it, or null when the code was already dead. */
export async function countWrongTry(db: DbOrTx, id: number, maxTries: number): Promise<number | null> {
  const [row] = await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt), lt(otpCodes.attempts, maxTries)))
    .returning({ attempts: otpCodes.attempts });
  return row?.attempts ?? null;
}

/** Use the code once: false when another request used it first (or it died meanwhile). */
export async function consumeCode(db: DbOrTx, id: number, now: Date, maxTries: number): Promise<boolean> {
  const rows = await db
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt), lt(otpCodes.attempts, maxTries)))
    .returning({ id: otpCodes.id });
  return rows.length === 1;
}

/** Codes long past their expiry are deleted by the daily job. */
export async function purgeCodes(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(otpCodes).where(lt(otpCodes.expiresAt, before)).returning({ id: otpCodes.id });
  return rows.length;
}

export async function findUserByMobile(db: DbOrTx, mobile: string) {
  const [row] = await db.select().from(users).where(eq(users.mobile, mobile)).limit(1).for('update');
  return row;
}

export async function roleNames(db: DbOrTx, userId: number): Promise<string[]> {
  const rows = await db.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.map((r) => r.role);
}

/** Where an account waits before it joins a community: the top of the tree (the first region). */
export async function rootNodeId(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ id: orgNodes.id }).from(orgNodes).where(isNull(orgNodes.parentId)).orderBy(orgNodes.id).limit(1);
  if (!row) throw new Error('the org tree is empty: import the divisions first');
  return row.id;
}
