import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

/** What activities and hour data must satisfy (demo and production alike); each answers the rows that break it. */
type Rows = Record<string, unknown>[];

/** volunteers.confirmed_minutes equals the sum of the volunteer's confirmed hour entries. */
export async function confirmedMinutesRecount(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select v.id, v.confirmed_minutes, coalesce(s.total, 0)::int as counted
        from volunteers v
        left join (select volunteer_id, sum(minutes) as total from hour_entries where status = 'confirmed' group by volunteer_id) s on s.volunteer_id = v.id
        where v.confirmed_minutes <> coalesce(s.total, 0)`,
  );
}

/** activities.signed_up equals the number of its sign-ups with status signed_up. */
export async function signedUpRecount(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select a.id, a.signed_up, (select count(*) from activity_signups s where s.activity_id = a.id and s.status = 'signed_up')::int as counted
        from activities a
        where a.signed_up <> (select count(*) from activity_signups s where s.activity_id = a.id and s.status = 'signed_up')`,
  );
}

/**
 * A record entry comes from a check-out (its sign-up was checked in and out); an automatic check-out's record is
 * flagged; a correction points at a record of the same volunteer.
 */
export async function recordsFollowCheckouts(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select e.id, e.kind from hour_entries e
        left join activity_signups s on s.id = e.signup_id
        left join hour_entries r on r.id = e.corrects_id
        where (e.kind = 'record' and e.signup_id is not null
               and (s.checked_in_at is null or s.checked_out_at is null or s.auto_checked_out <> e.flagged))
           or (e.kind = 'correction' and (r.id is null or r.kind <> 'record' or r.volunteer_id <> e.volunteer_id))`,
  );
}
