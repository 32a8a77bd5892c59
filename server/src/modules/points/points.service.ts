import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import { pointPostings, type PointPostingKind } from '../../db/schema/points.js';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { balanceOf, lockVolunteerAccount, post } from './ledger.js';
import { myVolunteer, volunteerFor, type VolunteerRef } from './points.scope.js';

/** A volunteer's points: the balance (the sum of their account's entries) and their postings, newest first. */

export interface PostingView {
  id: number;
  kind: PointPostingKind;
  points: number;
  reason: string | null;
  hourEntryId: number | null;
  serviceDate: string | null;
  redemptionId: number | null;
  createdAt: string;
}

export interface LedgerView {
  volunteer: { id: number; name: string; volunteerNo: string };
  balance: number;
  items: PostingView[];
}

async function ledgerOf(db: DbOrTx, v: VolunteerRef, limit: number, offset: number): Promise<LedgerView> {
  const items = await db
    .select({
      id: pointPostings.id,
      kind: pointPostings.kind,
      points: pointPostings.points,
      reason: pointPostings.reason,
      hourEntryId: pointPostings.hourEntryId,
      serviceDate: pointPostings.serviceDate,
      redemptionId: pointPostings.redemptionId,
      createdAt: pointPostings.createdAt,
    })
    .from(pointPostings)
    // Service postings capped to nothing carry no entries; they are not shown.
    .where(and(eq(pointPostings.volunteerId, v.id), sql`${pointPostings.points} <> 0`))
    .orderBy(desc(pointPostings.id))
    .limit(limit)
    .offset(offset);
  return {
    volunteer: { id: v.id, name: v.name, volunteerNo: v.volunteerNo },
    balance: await balanceOf(db, v.id),
    items: items.map((i) => ({ ...i, createdAt: toShanghaiIso(i.createdAt) })),
  };
}

export async function myPoints(ctx: AppContext, principal: Principal, limit: number, offset: number): Promise<LedgerView> {
  return ledgerOf(ctx.db, await myVolunteer(ctx.db, principal), limit, offset);
}

export async function volunteerLedger(ctx: AppContext, principal: Principal, volunteerId: number, limit: number, offset: number): Promise<LedgerView> {
  const v = await volunteerFor(ctx.db, principal, ['points.manage', 'volunteers.read'], volunteerId);
  return ledgerOf(ctx.db, v, limit, offset);
}

/** Staff award (points > 0) or deduct (points < 0) with a reason; audited; a deduction never takes the balance below zero. */
export async function adjustFor(ctx: Pick<AppContext, 'db'>, v: VolunteerRef, actor: ActorContext, body: { points: number; reason: string }, now: Date): Promise<number> {
  const reason = body.reason.trim();
  return ctx.db.transaction(async (tx) => {
    const account = await lockVolunteerAccount(tx, v.id, now);
    const postingId = await post(tx, account, { kind: 'adjustment', volunteerId: v.id, nodeId: v.homeNodeId, points: body.points, reason, createdBy: actor.userId }, now);
    await recordAudit(tx, actor, now, {
      action: body.points > 0 ? 'points.award' : 'points.deduct',
      objectType: 'volunteer',
      objectId: v.id,
      orgNodeId: v.homeNodeId,
      details: { points: body.points, reason, postingId },
    });
    return postingId;
  });
}

export async function adjust(ctx: AppContext, principal: Principal, actor: ActorContext, volunteerId: number, body: { points: number; reason: string }): Promise<LedgerView> {
  const v = await volunteerFor(ctx.db, principal, ['points.manage'], volunteerId);
  await adjustFor(ctx, v, actor, body, ctx.clock.now());
  return ledgerOf(ctx.db, v, 20, 0);
}
