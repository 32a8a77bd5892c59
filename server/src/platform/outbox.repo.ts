import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { outbox } from '../db/schema/platform.js';

/** One message to deliver after commit: a channel ("push", "console", later "sms", "wechat"), a recipient and a payload. */
export interface OutboxEntry {
  channel: string;
  recipientUserId: number | null;
  payload: Record<string, unknown>;
}

/** A claimed row, as handed to a Sender. `attempts` counts this attempt. */
export interface OutboxMessage extends OutboxEntry {
  id: number;
  attempts: number;
  createdAt: Date;
}

/** Rows per INSERT statement: keeps a large fan-out well under PostgreSQL's 65 535 bind parameters. */
const INSERT_CHUNK = 1000;

/** Write messages in the caller's transaction; they become visible to dispatchers only when it commits. */
export async function enqueueOutbox(db: DbOrTx, entries: OutboxEntry[], now: Date): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    await db.insert(outbox).values(
      entries.slice(i, i + INSERT_CHUNK).map((e) => ({
        channel: e.channel,
        recipientUserId: e.recipientUserId,
        payload: e.payload,
        availableAt: now,
        createdAt: now,
      })),
    );
  }
}

/**
 * Claim up to `limit` due messages for these channels in one statement. Rows another process is claiming are
 * skipped (FOR UPDATE SKIP LOCKED), and each claimed row is leased: `available_at` moves to `leaseUntil` and
 * `attempts` goes up, so no one else takes it while it is being sent, and a process that dies mid-send only
 * delays it until the lease runs out (at-least-once delivery).
 */
export async function claimDue(db: DbOrTx, channels: string[], now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
  if (channels.length === 0) return [];
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, now), inArray(outbox.channel, channels)))
    .orderBy(asc(outbox.availableAt), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, availableAt: leaseUntil })
    .where(inArray(outbox.id, due))
    .returning({
      id: outbox.id,
      channel: outbox.channel,
      recipientUserId: outbox.recipientUserId,
      payload: outbox.payload,
      attempts: outbox.attempts,
      createdAt: outbox.createdAt,
    });
  return rows.sort((a, b) => a.id - b.id);
}

export async function markSent(db: DbOrTx, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, lastError: null })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
}

/**
 * Record a failed attempt: retry at `retryAt`, or give up (status 'failed') when `retryAt` is null. Matching on
 * `attempts` makes it a no-op when the lease ran out and another process has claimed the row since.
 */
export async function markAttemptFailed(
  db: DbOrTx,
  message: Pick<OutboxMessage, 'id' | 'attempts'>,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .update(outbox)
    .set(retryAt ? { availableAt: retryAt, lastError: error } : { status: 'failed', lastError: error })
    .where(and(eq(outbox.id, message.id), eq(outbox.attempts, message.attempts), eq(outbox.status, 'pending')));
}

/** Delete delivered messages sent before `before`, a chunk at a time; failed ones stay for inspection. */
export async function purgeSent(db: DbOrTx, before: Date, chunk = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const old = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, before)))
      .limit(chunk);
    const removed = await db.delete(outbox).where(inArray(outbox.id, old)).returning({ id: outbox.id });
    total += removed.length;
    if (removed.length < chunk) return total;
  }
}
