import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client.js';

/**
 * What convenience-service data must satisfy (demo/invariants.ts runs these on the demo; cheap enough on a live
 * database). Each answers the offending rows.
 */

/** A slot's `taken` is the party sizes of the appointments holding it (booked, checked in, served). */
export const slotsMatchAppointments = (db: DbOrTx) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`select s.window_id, s.starts_at, s.taken, coalesce(a.people, 0) as people
        from appointment_slots s
        left join (select window_id, starts_at, sum(party_size)::int as people from appointments
                   where status in ('booked','checked_in','served') group by 1, 2) a
          on a.window_id = s.window_id and a.starts_at = s.starts_at
        where s.taken <> coalesce(a.people, 0)
        union all
        select a.window_id, a.starts_at, null, sum(a.party_size)::int from appointments a
        where a.status in ('booked','checked_in','served')
          and not exists (select 1 from appointment_slots s where s.window_id = a.window_id and s.starts_at = a.starts_at)
        group by 1, 2`,
  );

/** An appointment that was checked in has exactly its ticket; a served one's ticket is done; a ticket's appointment agrees. */
export const ticketsMatchAppointments = (db: DbOrTx) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`select a.id as appointment_id, a.status, t.id as ticket_id, t.status as ticket_status
        from appointments a left join queue_tickets t on t.appointment_id = a.id
        where (a.status in ('checked_in','served') and t.id is null)
           or (a.status = 'served' and t.status <> 'done')
           or (t.id is not null and a.status not in ('checked_in','served','no_show'))
           or (t.status = 'done' and a.status <> 'served')`,
  );

/** A ticket's times follow its status: called ones have a call, done ones a call and an end after it. */
export const ticketTimesFollowStatus = (db: DbOrTx) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`select id, number, status from queue_tickets
        where (status in ('called','serving','done','no_show') and called_at is null)
           or (status = 'done' and (done_at is null or done_at < called_at))
           or called_at < taken_at`,
  );

/** A bad rating has a reason; an answer has who and when; the rated ticket is done. */
export const ratingsFollowTickets = (db: DbOrTx) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`select r.id, r.level, t.status from service_ratings r join queue_tickets t on t.id = r.ticket_id
        where t.status <> 'done' or (r.answer is not null and r.answered_by is null)`,
  );

/** A home-service request's item offers the kind it was asked as. */
export const homeRequestsMatchItems = (db: DbOrTx) =>
  queryRows<Record<string, unknown>>(
    db,
    sql`select h.request_id, h.kind, i.modes from home_service_requests h join service_items i on i.id = h.item_id
        where not (h.kind = any(i.modes))`,
  );
