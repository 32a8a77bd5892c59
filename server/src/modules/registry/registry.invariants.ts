import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

/** What registry data must satisfy (demo and production alike); each answers the rows that break it. */
type Rows = Record<string, unknown>[];

/** A person in a household has exactly one open stay, in that household; someone who moved out has none. */
export async function staysMatchPersons(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select p.id, p.household_id from persons p
        where (p.household_id is not null and (select count(*) from residences r where r.person_id = p.id and r.moved_out_on is null and r.household_id = p.household_id) <> 1)
           or (p.household_id is null and exists (select 1 from residences r where r.person_id = p.id and r.moved_out_on is null))`,
  );
}

/** A person's grid and community are their household's; a closed household has nobody in it. */
export async function placesFollowHouseholds(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    sql`select p.id, p.household_id from persons p join households h on h.id = p.household_id
        where p.grid_id is distinct from h.grid_id or p.community_id is distinct from h.community_id or h.closed_at is not null`,
  );
}

/** Every person was registered through the service: their person.create audit row exists. */
export async function personsAudited(db: DbOrTx): Promise<Rows> {
  return queryRows(
    db,
    // A person comes in one by one (person.create) or with a sheet: the import's one audit row (registry.import, by
    // the person's creator, at their community, when the import finished) stands for every row it wrote.
    sql`select p.id from persons p where not exists (
          select 1 from audit_log a where a.action = 'person.create' and a.object_type = 'person' and a.object_id = p.id::text)
        and not exists (
          select 1 from audit_log a where a.action = 'registry.import' and a.object_type = 'registry_import'
            and a.actor_user_id = p.created_by and a.org_node_id = p.community_id and a.at >= p.created_at)`,
  );
}
