import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { bookingWaitlist, rooms, teams } from '../../db/schema/rooms.js';

export type WaitlistRow = typeof bookingWaitlist.$inferSelect;

export async function insertEntry(
  db: DbOrTx,
  values: { roomId: number; teamId: number | null; userId: number; startsAt: Date; endsAt: Date; purpose: string; createdAt: Date },
): Promise<WaitlistRow> {
  const [row] = await db.insert(bookingWaitlist).values(values).returning();
  return row!;
}

/**
 * Waiting entries of a room that overlap [from, to) and start after `now`, first in line first. Locked with
 * SKIP LOCKED so two processes freeing time at once do not promote the same entry twice.
 */
export async function waitingOverlapping(db: DbOrTx, roomId: number, from: Date, to: Date, now: Date): Promise<WaitlistRow[]> {
  return db
    .select()
    .from(bookingWaitlist)
    .where(
      and(
        eq(bookingWaitlist.roomId, roomId),
        eq(bookingWaitlist.status, 'waiting'),
        lt(bookingWaitlist.startsAt, to),
        gt(bookingWaitlist.endsAt, from),
        gt(bookingWaitlist.startsAt, now),
      ),
    )
    .orderBy(asc(bookingWaitlist.createdAt), asc(bookingWaitlist.id))
    .for('update', { skipLocked: true });
}

export async function resolveEntry(db: DbOrTx, id: number, status: 'promoted' | 'left' | 'expired', at: Date, bookingId: number | null = null) {
  const [row] = await db
    .update(bookingWaitlist)
    .set({ status, resolvedAt: at, bookingId })
    .where(and(eq(bookingWaitlist.id, id), eq(bookingWaitlist.status, 'waiting')))
    .returning();
  return row;
}

export async function expireStarted(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .update(bookingWaitlist)
    .set({ status: 'expired', resolvedAt: now })
    .where(and(eq(bookingWaitlist.status, 'waiting'), sql`${bookingWaitlist.startsAt} <= ${now.toISOString()}::timestamptz`))
    .returning({ id: bookingWaitlist.id });
  return rows.length;
}

export async function findEntry(db: DbOrTx, id: number) {
  const [row] = await db.select().from(bookingWaitlist).where(eq(bookingWaitlist.id, id));
  return row;
}

/** Mine and my teams', newest first, with the room and team names and the place in line while waiting. */
export async function entriesOf(db: DbOrTx, userId: number, teamIds: number[], limit: number) {
  const position = sql<number | null>`case when ${bookingWaitlist.status} = 'waiting' then (
      select count(*)::int + 1 from booking_waitlist w
      where w.room_id = ${bookingWaitlist.roomId} and w.status = 'waiting'
        and w.starts_at < ${bookingWaitlist.endsAt} and w.ends_at > ${bookingWaitlist.startsAt}
        and (w.created_at, w.id) < (${bookingWaitlist.createdAt}, ${bookingWaitlist.id})) end`;
  return db
    .select({ entry: bookingWaitlist, roomName: rooms.name, teamName: teams.name, position })
    .from(bookingWaitlist)
    .innerJoin(rooms, eq(rooms.id, bookingWaitlist.roomId))
    .leftJoin(teams, eq(teams.id, bookingWaitlist.teamId))
    .where(
      sql`(${bookingWaitlist.userId} = ${userId} ${teamIds.length ? sql`or ${inArray(bookingWaitlist.teamId, teamIds)}` : sql``})`,
    )
    .orderBy(desc(bookingWaitlist.createdAt), desc(bookingWaitlist.id))
    .limit(limit);
}
