import { and, asc, eq, gt, gte, inArray, isNull, lt, max, or } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { calendarRecomputes } from '../../../db/schema/calendar.js';
import { OPEN_STATUSES, requestEvents, requestExtensions, requests, type RequestStatus } from '../../../db/schema/requests.js';
import type { RequestRow } from '../core/repo.js';

const OPEN = [...OPEN_STATUSES] as RequestStatus[];

export type RecomputeRow = typeof calendarRecomputes.$inferSelect;

/** Ids of the recomputes still to work through, oldest first. */
export async function pendingRecomputeIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: calendarRecomputes.id })
    .from(calendarRecomputes)
    .where(eq(calendarRecomputes.status, 'pending'))
    .orderBy(asc(calendarRecomputes.id));
  return rows.map((r) => r.id);
}

/** The recompute, locked for this transaction; undefined when done or when another process holds it right now. */
export async function claimRecompute(db: DbOrTx, id: number): Promise<RecomputeRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarRecomputes)
    .where(and(eq(calendarRecomputes.id, id), eq(calendarRecomputes.status, 'pending')))
    .for('update', { skipLocked: true });
  return row;
}

export async function updateRecompute(db: DbOrTx, id: number, patch: Partial<Omit<RecomputeRow, 'id'>>): Promise<void> {
  await db.update(calendarRecomputes).set(patch).where(eq(calendarRecomputes.id, id));
}

/**
 * The next open requests after `afterId` whose deadlines touch the span [from, to) — received before it ends and
 * due (response, resolution or next escalation) after it begins — locked until the transaction ends. The lock
 * waits for a step in progress on the same request rather than skipping it: the cursor never passes a row unseen.
 */
export async function lockRequestsTouching(db: DbOrTx, span: { from: Date; to: Date }, afterId: number, limit: number): Promise<RequestRow[]> {
  return db
    .select()
    .from(requests)
    .where(
      and(
        gt(requests.id, afterId),
        inArray(requests.status, OPEN),
        lt(requests.receivedAt, span.to),
        or(
          gte(requests.resolutionDueAt, span.from),
          and(isNull(requests.respondedAt), gte(requests.responseDueAt, span.from)),
          gte(requests.nextEscalationAt, span.from),
        ),
      ),
    )
    .orderBy(asc(requests.id))
    .limit(limit)
    .for('update');
}

/** When the request was last reopened (the start of its current round), or null. */
export async function lastReopenedAt(db: DbOrTx, requestId: number): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(requestEvents.at) })
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.action, 'reopen')));
  return row?.at ?? null;
}

/** Working days of the extensions approved since `since`, in the order they were approved. */
export async function approvedExtensionDays(db: DbOrTx, requestId: number, since: Date): Promise<number[]> {
  const rows = await db
    .select({ days: requestExtensions.extraWorkingDays })
    .from(requestExtensions)
    .where(
      and(
        eq(requestExtensions.requestId, requestId),
        eq(requestExtensions.status, 'approved'),
        gte(requestExtensions.decidedAt, since),
      ),
    )
    .orderBy(asc(requestExtensions.decidedAt), asc(requestExtensions.id));
  return rows.map((r) => r.days);
}
