import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

/** What micro-wish and 双报到 data must satisfy (demo and production alike); each answers the rows that break it. */
type Rows = Record<string, unknown>[];

/** A wish's held shares are the sum of its active claims; a published wish past the job has none returned as active. */
export async function wishSharesMatchClaims(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select w.id, w.claimed_shares from micro_wishes w
        left join wish_claims c on c.wish_id = w.id and c.status = 'active'
        group by w.id having w.claimed_shares <> coalesce(sum(c.shares), 0)`,
  );
}

/** A wish's returns on the timeline agree with its counter; every realised wish has its confirmation step. */
export async function wishTimelinesMatch(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select w.id from micro_wishes w
        where w.returned_count <> (select count(*) from wish_events e where e.wish_id = w.id and e.kind = 'returned')
           or (w.status = 'realised' and not exists (select 1 from wish_events e where e.wish_id = w.id and e.kind = 'confirmed'))
           or not exists (select 1 from wish_events e where e.wish_id = w.id and e.kind = 'posted')`,
  );
}

/** A service post's taken places are the members who took it. */
export async function postPlacesMatchClaims(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select p.id, p.taken from party_posts p
        where p.taken <> (select count(*) from party_post_claims c where c.post_id = p.id)`,
  );
}
