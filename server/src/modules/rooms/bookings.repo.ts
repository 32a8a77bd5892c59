import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes, serviceCenters } from '../../db/schema/org.js';
import { bookings, bookingSeries, bookingSuspensions, HOLDING_STATUSES, rooms, teams, type BookingStatus } from '../../db/schema/rooms.js';
import { users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

export type BookingRow = typeof bookings.$inferSelect;
export type NewBooking = Omit<typeof bookings.$inferInsert, 'id'>;

/** Whose booking it is, for quotas, suspensions and no-show counts: the team, or the resident personally. */
export type Subject = { kind: 'team'; teamId: number } | { kind: 'resident'; userId: number };

export function subjectOf(teamId: number | null, userId: number): Subject {
  return teamId === null ? { kind: 'resident', userId } : { kind: 'team', teamId };
}

export function subjectSql(subject: Subject): SQL {
  return subject.kind === 'team'
    ? sql`${bookings.teamId} = ${subject.teamId}`
    : sql`(${bookings.teamId} is null and ${bookings.bookedBy} = ${subject.userId})`;
}

const holding = inArray(bookings.status, [...HOLDING_STATUSES]);

export async function insertBooking(db: DbOrTx, values: NewBooking): Promise<BookingRow> {
  const [row] = await db.insert(bookings).values(values).returning();
  return row!;
}

const bookingFields = {
  booking: bookings,
  roomName: rooms.name,
  serviceCenterId: rooms.serviceCenterId,
  cancelNoticeMinutes: rooms.cancelNoticeMinutes,
  checkinOpensMinutes: rooms.checkinOpensMinutes,
  centerName: serviceCenters.name,
  orgNodeId: serviceCenters.orgNodeId,
  nodePath: orgNodes.path,
  teamName: teams.name,
  teamLeaderId: teams.leaderUserId,
  bookerName: users.displayName,
};

function bookingQuery(db: DbOrTx) {
  return db
    .select(bookingFields)
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(serviceCenters, eq(serviceCenters.id, rooms.serviceCenterId))
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .innerJoin(users, eq(users.id, bookings.bookedBy))
    .leftJoin(teams, eq(teams.id, bookings.teamId));
}

export type BookingWithRoom = Awaited<ReturnType<typeof bookingQuery>>[number];

export async function findBooking(db: DbOrTx, id: number): Promise<BookingWithRoom | undefined> {
  const [row] = await bookingQuery(db).where(eq(bookings.id, id));
  return row;
}

function list(db: DbOrTx, where: SQL | undefined, limit: number): Promise<BookingWithRoom[]> {
  return bookingQuery(db).where(where).orderBy(asc(bookings.startsAt), asc(bookings.roomId), asc(bookings.id)).limit(limit);
}

const mineSql = (userId: number, teamIds: number[]) =>
  or(eq(bookings.bookedBy, userId), teamIds.length ? inArray(bookings.teamId, teamIds) : sql`false`)!;

/** A user's bookings and their teams' bookings overlapping [from, to). */
export function listForUser(
  db: DbOrTx,
  opts: { userId: number; teamIds: number[]; from: Date; to: Date | null; statuses?: BookingStatus[]; limit: number },
): Promise<BookingWithRoom[]> {
  return list(
    db,
    and(
      mineSql(opts.userId, opts.teamIds),
      gt(bookings.endsAt, opts.from),
      opts.to ? lt(bookings.startsAt, opts.to) : undefined,
      opts.statuses?.length ? inArray(bookings.status, opts.statuses) : undefined,
    ),
    opts.limit,
  );
}

/** Bookings of rooms whose center lies in the given subtrees, overlapping [from, to), optionally narrowed. */
export function listInSubtrees(
  db: DbOrTx,
  opts: { paths: string[]; from: Date; to: Date; centerId?: number; roomId?: number; teamId?: number; statuses?: BookingStatus[]; limit: number },
): Promise<BookingWithRoom[]> {
  return list(
    db,
    and(
      inSubtrees(orgNodes.path, opts.paths),
      lt(bookings.startsAt, opts.to),
      gt(bookings.endsAt, opts.from),
      opts.centerId ? eq(rooms.serviceCenterId, opts.centerId) : undefined,
      opts.roomId ? eq(bookings.roomId, opts.roomId) : undefined,
      opts.teamId ? eq(bookings.teamId, opts.teamId) : undefined,
      opts.statuses?.length ? inArray(bookings.status, opts.statuses) : undefined,
    ),
    opts.limit,
  );
}

/** A user's (or their teams') bookings of one room that have not ended and started within the last day. */
export function checkinCandidates(db: DbOrTx, roomId: number, userId: number, teamIds: number[], now: Date): Promise<BookingWithRoom[]> {
  return list(
    db,
    and(
      eq(bookings.roomId, roomId),
      or(and(isNull(bookings.teamId), eq(bookings.bookedBy, userId)), teamIds.length ? inArray(bookings.teamId, teamIds) : sql`false`),
      inArray(bookings.status, ['pending', 'confirmed', 'checked_in']),
      gt(bookings.endsAt, now),
      gt(bookings.startsAt, new Date(now.getTime() - 86_400_000)),
    ),
    20,
  );
}

/** Bookings that hold rooms in [from, to): what makes a slot busy. */
/** Bookings that hold one of the rooms at some time in [from, to). */
function holdingWhere(roomIds: number[], from: Date, to: Date) {
  return and(inArray(bookings.roomId, roomIds), holding, lt(bookings.startsAt, to), gt(bookings.endsAt, from));
}

export async function holdingIn(db: DbOrTx, roomIds: number[], from: Date, to: Date) {
  if (roomIds.length === 0) return [];
  return db
    .select({
      id: bookings.id,
      roomId: bookings.roomId,
      teamId: bookings.teamId,
      teamName: teams.name,
      bookedBy: bookings.bookedBy,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
    })
    .from(bookings)
    .leftJoin(teams, eq(teams.id, bookings.teamId))
    .where(holdingWhere(roomIds, from, to))
    .orderBy(asc(bookings.roomId), asc(bookings.startsAt));
}

/** A holding booking as the availability view needs it; instants in epoch milliseconds. */
export interface HeldSpan {
  teamId: number | null;
  teamName: string | null;
  bookedBy: number;
  startMs: number;
  endMs: number;
  status: BookingStatus;
}

/**
 * What holds each room in [from, to), by room and in time order (the same bookings as holdingIn). One row per room
 * with its bookings as a JSON array of [start ms, end ms, status, team, team name, booked by]: a month of a
 * 30-room center is ~3,000 bookings, and decoding 30 rows instead of 3,000 rows of timestamps is most of the
 * availability answer's cost (4× faster on PGlite, and less garbage on either driver).
 */
export async function holdingByRoom(db: DbOrTx, roomIds: number[], from: Date, to: Date): Promise<Map<number, HeldSpan[]>> {
  const out = new Map<number, HeldSpan[]>(roomIds.map((id) => [id, []]));
  if (roomIds.length === 0) return out;
  const rows = await db
    .select({
      roomId: bookings.roomId,
      held: sql<string>`json_agg(json_build_array(
        (extract(epoch from ${bookings.startsAt}) * 1000)::bigint, (extract(epoch from ${bookings.endsAt}) * 1000)::bigint,
        ${bookings.status}, ${bookings.teamId}, ${teams.name}, ${bookings.bookedBy}) order by ${bookings.startsAt})::text`,
    })
    .from(bookings)
    .leftJoin(teams, eq(teams.id, bookings.teamId))
    .where(holdingWhere(roomIds, from, to))
    .groupBy(bookings.roomId);
  for (const row of rows) {
    const held = JSON.parse(row.held) as [number, number, BookingStatus, number | null, string | null, number][];
    out.set(
      row.roomId,
      held.map(([startMs, endMs, status, teamId, teamName, bookedBy]) => ({ startMs, endMs, status, teamId, teamName, bookedBy })),
    );
  }
  return out;
}

/** Booked minutes, used for utilisation: bookings that held or were used in [from, to), clipped to it. */
export async function bookingsForUse(db: DbOrTx, roomIds: number[], from: Date, to: Date) {
  if (roomIds.length === 0) return [];
  return db
    .select({
      roomId: bookings.roomId,
      teamId: bookings.teamId,
      teamName: teams.name,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
      releasedAt: bookings.releasedAt,
    })
    .from(bookings)
    .leftJoin(teams, eq(teams.id, bookings.teamId))
    .where(
      and(
        inArray(bookings.roomId, roomIds),
        inArray(bookings.status, ['confirmed', 'checked_in', 'no_show']),
        lt(bookings.startsAt, to),
        gt(bookings.endsAt, from),
      ),
    );
}

/**
 * Move a booking from one of `from` statuses to a new one, only if it is still in one of them (two staff
 * pressing "approve" and "reject" at once: one wins, the other finds nothing to change).
 */
export async function transition(db: DbOrTx, id: number, from: BookingStatus[], patch: Partial<NewBooking> & { status: BookingStatus }) {
  const [row] = await db
    .update(bookings)
    .set(patch)
    .where(and(eq(bookings.id, id), inArray(bookings.status, from)))
    .returning();
  return row;
}

/** Minutes a subject holds in a week (bookings starting in [weekStart, weekEnd)), in one room or a whole center. */
export async function heldMinutes(db: DbOrTx, opts: { centerId: number; roomId: number | null; subject: Subject; weekStart: Date; weekEnd: Date }): Promise<number> {
  const [row] = await db
    .select({ minutes: sql<number>`coalesce(sum(extract(epoch from (${bookings.endsAt} - ${bookings.startsAt})) / 60), 0)::int` })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(
      and(
        eq(rooms.serviceCenterId, opts.centerId),
        opts.roomId === null ? undefined : eq(bookings.roomId, opts.roomId),
        subjectSql(opts.subject),
        holding,
        sql`${bookings.startsAt} >= ${opts.weekStart.toISOString()}::timestamptz`,
        lt(bookings.startsAt, opts.weekEnd),
      ),
    );
  return Number(row?.minutes ?? 0);
}

/** Quota arithmetic for one subject is serialised by a transaction-scoped advisory lock on the subject. */
const LOCK_NAMESPACE = { resident: 7114, team: 7115 } as const;

export async function lockSubject(db: DbOrTx, subject: Subject): Promise<void> {
  const id = subject.kind === 'team' ? subject.teamId : subject.userId;
  await db.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE[subject.kind]}::int, ${id}::int)`);
}

export async function activeSuspension(db: DbOrTx, centerId: number, subject: Subject, now: Date) {
  const [row] = await db
    .select()
    .from(bookingSuspensions)
    .where(
      and(
        eq(bookingSuspensions.serviceCenterId, centerId),
        subject.kind === 'team' ? eq(bookingSuspensions.teamId, subject.teamId) : eq(bookingSuspensions.userId, subject.userId),
        isNull(bookingSuspensions.liftedAt),
        sql`${bookingSuspensions.startsAt} <= ${now.toISOString()}::timestamptz`,
        gt(bookingSuspensions.endsAt, now),
      ),
    )
    .orderBy(sql`${bookingSuspensions.endsAt} desc`)
    .limit(1);
  return row;
}

export async function countNoShows(db: DbOrTx, centerId: number, subject: Subject, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(and(eq(rooms.serviceCenterId, centerId), subjectSql(subject), eq(bookings.status, 'no_show'), gt(bookings.startsAt, since)));
  return Number(row?.n ?? 0);
}

export async function insertSuspension(
  db: DbOrTx,
  values: { serviceCenterId: number; subject: Subject; startsAt: Date; endsAt: Date; noShows: number; createdAt: Date },
) {
  const [row] = await db
    .insert(bookingSuspensions)
    .values({
      serviceCenterId: values.serviceCenterId,
      userId: values.subject.kind === 'resident' ? values.subject.userId : null,
      teamId: values.subject.kind === 'team' ? values.subject.teamId : null,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      noShows: values.noShows,
      createdAt: values.createdAt,
    })
    .returning();
  return row!;
}

// ---- series --------------------------------------------------------------------------------------------------

export type SeriesRow = typeof bookingSeries.$inferSelect;

export async function insertSeries(db: DbOrTx, values: Omit<typeof bookingSeries.$inferInsert, 'id'>): Promise<SeriesRow> {
  const [row] = await db.insert(bookingSeries).values(values).returning();
  return row!;
}

export async function findSeries(db: DbOrTx, id: number) {
  const [row] = await db.select().from(bookingSeries).where(eq(bookingSeries.id, id));
  return row;
}

export async function markSeriesCancelled(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db.update(bookingSeries).set({ cancelledAt: at }).where(eq(bookingSeries.id, id));
}

export async function seriesBookings(db: DbOrTx, seriesId: number): Promise<BookingWithRoom[]> {
  return bookingQuery(db).where(eq(bookings.seriesId, seriesId)).orderBy(asc(bookings.startsAt));
}

// ---- the release job -----------------------------------------------------------------------------------------

/** Confirmed bookings whose no-show grace has run out, and requests nobody decided before they started. */
export async function dueForRelease(db: DbOrTx, now: Date, limit: number) {
  return db
    .select({ id: bookings.id, status: bookings.status })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(
      sql`(${bookings.status} = 'confirmed' and ${bookings.startsAt} + make_interval(mins => ${rooms.noShowReleaseMinutes}) <= ${now.toISOString()}::timestamptz)
          or (${bookings.status} = 'pending' and ${bookings.startsAt} <= ${now.toISOString()}::timestamptz)`,
    )
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(limit);
}

// ---- suspensions ---------------------------------------------------------------------------------------------

/** Suspensions at a center still running at `now`, with the name of the resident or team. */
export async function currentSuspensions(db: DbOrTx, centerId: number, now: Date) {
  return db
    .select({ suspension: bookingSuspensions, userName: users.displayName, teamName: teams.name })
    .from(bookingSuspensions)
    .leftJoin(users, eq(users.id, bookingSuspensions.userId))
    .leftJoin(teams, eq(teams.id, bookingSuspensions.teamId))
    .where(and(eq(bookingSuspensions.serviceCenterId, centerId), isNull(bookingSuspensions.liftedAt), gt(bookingSuspensions.endsAt, now)))
    .orderBy(asc(bookingSuspensions.endsAt), asc(bookingSuspensions.id));
}

export async function liftSuspension(db: DbOrTx, id: number, centerId: number, by: number | null, at: Date) {
  const [row] = await db
    .update(bookingSuspensions)
    .set({ liftedAt: at, liftedBy: by })
    .where(and(eq(bookingSuspensions.id, id), eq(bookingSuspensions.serviceCenterId, centerId), isNull(bookingSuspensions.liftedAt)))
    .returning();
  return row;
}
