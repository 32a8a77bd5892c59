import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

/** What volunteer data must satisfy (demo and production alike); each answers the rows that break it. */
type Rows = Record<string, unknown>[];

/** Every volunteer was registered through the service: their registration is in the history and the audit log. */
export async function volunteersRegistered(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select v.id from volunteers v
        where not exists (select 1 from volunteer_record_changes c where c.volunteer_id = v.id and c.kind = 'register')
           or not exists (select 1 from audit_log a where a.action = 'volunteer.register' and a.object_type = 'volunteer' and a.object_id = v.id::text)`,
  );
}

/** A community's number counter is at least as high as every number it issued (so none is ever issued twice). */
export async function numbersBelowCounters(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select v.id, v.volunteer_no from volunteers v
        left join volunteer_number_counters c on c.scope_id = coalesce(v.community_id, 0)
        where v.volunteer_no ~ '^V[0-9]+-[0-9]+$'
          and (c.scope_id is null or split_part(v.volunteer_no, '-', 2)::int > c.last)`,
  );
}

/** Members of a dissolved team are no longer open; a volunteer's community is the community above their node. */
export async function teamsAndPlacesConsistent(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select 'member' as kind, m.id from volunteer_team_members m join volunteer_teams t on t.id = m.team_id
          where t.dissolved_at is not null and m.status in ('pending','active')
        union all
        select 'community', v.id from volunteers v join org_nodes n on n.id = v.node_id
          where v.community_id is distinct from (select c.id from org_nodes c where c.kind = 'community' and c.path @> n.path limit 1)`,
  );
}
