import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { pointAccounts, pointEntries, pointPostings, type PointAccountKind, type PointPostingKind } from '../../db/schema/points.js';
import { errors } from '../../platform/errors.js';

/**
 * The double-entry ledger of points (docs/adr/0024). Every posting moves points between a volunteer's account and
 * one account of a node (issuance, store, expiry or adjustment); its two entries sum to zero. Lock order, always:
 * the volunteer's account first (`lockVolunteerAccount`), then goods, then the node's account — so concurrent
 * postings never deadlock and a volunteer's balance is checked and moved under their own row lock.
 */

export interface LockedAccount {
  id: number;
  balance: number;
}

/** The volunteer's account, created when missing, locked for the rest of the transaction. */
export async function lockVolunteerAccount(tx: Tx, volunteerId: number, now: Date): Promise<LockedAccount> {
  await tx.insert(pointAccounts).values({ kind: 'volunteer', volunteerId, createdAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select({ id: pointAccounts.id, balance: pointAccounts.balance })
    .from(pointAccounts)
    .where(eq(pointAccounts.volunteerId, volunteerId))
    .for('update');
  return row!;
}

/** A node's account of a kind, created when missing. */
export async function nodeAccount(tx: Tx, kind: Exclude<PointAccountKind, 'volunteer'>, nodeId: number, now: Date): Promise<number> {
  const where = and(eq(pointAccounts.kind, kind), eq(pointAccounts.nodeId, nodeId), isNull(pointAccounts.volunteerId));
  const [found] = await tx.select({ id: pointAccounts.id }).from(pointAccounts).where(where);
  if (found) return found.id;
  await tx
    .insert(pointAccounts)
    .values({ kind, nodeId, createdAt: now })
    .onConflictDoNothing({ target: [pointAccounts.nodeId, pointAccounts.kind], where: sql`${pointAccounts.volunteerId} is null` });
  const [row] = await tx.select({ id: pointAccounts.id }).from(pointAccounts).where(where);
  return row!.id;
}

const OTHER_SIDE: Record<PointPostingKind, Exclude<PointAccountKind, 'volunteer'>> = {
  service: 'issuance',
  redemption: 'store',
  refund: 'store',
  expiry: 'expiry',
  adjustment: 'adjustment',
};

export interface PostingInput {
  kind: PointPostingKind;
  volunteerId: number;
  /** The node whose account takes the other side. */
  nodeId: number;
  /** Signed, the volunteer's side. */
  points: number;
  hourEntryId?: number | null;
  serviceDate?: string | null;
  uncapped?: number | null;
  redemptionId?: number | null;
  reason?: string | null;
  createdBy?: number | null;
}

export const insufficientPoints = (balance: number, needed: number) =>
  errors.conflict('insufficient_points', `积分不足：现有 ${balance} 分，需要 ${needed} 分`, `Not enough points: ${balance} available, ${needed} needed`, {
    balance,
    needed,
  });

/**
 * Write one posting: the posting row and, unless zero, its two entries (the volunteer's `points`, the node
 * account's `-points`), and move both cached balances in the same transaction. The caller holds the volunteer's
 * account lock (`account`); a posting that would take the balance below zero is refused.
 */
export async function post(tx: Tx, account: LockedAccount, input: PostingInput, now: Date): Promise<number> {
  if (account.balance + input.points < 0) throw insufficientPoints(account.balance, -input.points);
  const [posting] = await tx
    .insert(pointPostings)
    .values({
      kind: input.kind,
      volunteerId: input.volunteerId,
      nodeId: input.nodeId,
      points: input.points,
      hourEntryId: input.hourEntryId ?? null,
      serviceDate: input.serviceDate ?? null,
      uncapped: input.uncapped ?? null,
      redemptionId: input.redemptionId ?? null,
      reason: input.reason ?? null,
      createdBy: input.createdBy ?? null,
      createdAt: now,
    })
    .returning({ id: pointPostings.id });
  if (input.points !== 0) {
    const other = await nodeAccount(tx, OTHER_SIDE[input.kind], input.nodeId, now);
    await tx.insert(pointEntries).values([
      { postingId: posting!.id, accountId: account.id, amount: input.points, createdAt: now },
      { postingId: posting!.id, accountId: other, amount: -input.points, createdAt: now },
    ]);
    await tx
      .update(pointAccounts)
      .set({ balance: sql`${pointAccounts.balance} + ${input.points}` })
      .where(eq(pointAccounts.id, account.id));
    await tx
      .update(pointAccounts)
      .set({ balance: sql`${pointAccounts.balance} - ${input.points}` })
      .where(eq(pointAccounts.id, other));
    account.balance += input.points;
  }
  return posting!.id;
}

/** A volunteer's balance (0 without an account yet). */
export async function balanceOf(db: DbOrTx, volunteerId: number): Promise<number> {
  const [row] = await db.select({ balance: pointAccounts.balance }).from(pointAccounts).where(eq(pointAccounts.volunteerId, volunteerId));
  return row?.balance ?? 0;
}
