import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client.js';
import { USER_ACTIONS } from '../modules/requests/workflow/transitions.js';
import { personsAudited, placesFollowHouseholds, staysMatchPersons } from '../modules/registry/registry.invariants.js';
import { confirmedMinutesRecount, recordsFollowCheckouts, signedUpRecount } from '../modules/activities/activities.invariants.js';
import { pointsViolations } from '../modules/points/points.invariants.js';
import { postPlacesMatchClaims, wishSharesMatchClaims, wishTimelinesMatch } from '../modules/wishes/wishes.invariants.js';
import { homeRequestsMatchItems, ratingsFollowTickets, slotsMatchAppointments, ticketsMatchAppointments, ticketTimesFollowStatus } from '../modules/services/common/invariants.js';
import { numbersBelowCounters, teamsAndPlacesConsistent, volunteersRegistered } from '../modules/volunteers/volunteers.invariants.js';

/**
 * What must hold of demo data produced through the services — and of any data production writes. Each check
 * answers the violations it found (empty when it holds), so a test can show what broke. Used by src/demo/demo.test.ts
 * on PGlite and PostgreSQL; cheap enough to run on a live database by hand.
 */

export interface Violation {
  check: string;
  detail: string;
}

type Check = (db: DbOrTx) => Promise<Violation[]>;

const rowsAs = (check: string, rows: Record<string, unknown>[]): Violation[] => rows.map((r) => ({ check, detail: JSON.stringify(r) }));

/** Timeline events a person takes (the workflow's user actions, under their event names). */
export const PERSON_EVENTS = [
  ...USER_ACTIONS.filter((a) => a !== 'request_extension' && a !== 'decide_extension'),
  'extension_request',
  'extension_approve',
  'extension_deny',
];

/** A dispatched or in-progress request has someone (or a unit) on it, and a step that put them there. */
export const dispatchedHaveAssignee: Check = async (db) =>
  rowsAs(
    'dispatched requests have an assignee and a dispatch event',
    await queryRows(
      db,
      sql`select r.id, r.number, r.status from requests r
          where r.status in ('dispatched', 'in_progress')
            and ((r.assignee_user_id is null and r.assignee_node_id is null)
              or not exists (select 1 from request_events e where e.request_id = r.id and (e.action = 'dispatch' or (e.action = 'transfer' and e.to_status = 'dispatched'))))`,
    ),
  );

/** Every rejection says why, on its timeline. */
export const rejectionsHaveReason: Check = async (db) =>
  rowsAs(
    'every rejection has a reason',
    await queryRows(
      db,
      sql`select r.id, r.number from requests r
          where r.status = 'rejected'
            and not exists (select 1 from request_events e where e.request_id = r.id and e.action = 'reject' and coalesce(btrim(e.note), '') <> '')
          union all
          select e.request_id, null from request_events e where e.action = 'reject' and coalesce(btrim(e.note), '') = ''`,
    ),
  );

/** A duplicate is merged into a request that came in before it, never into a later one or into itself. */
export const mergesPointEarlier: Check = async (db) =>
  rowsAs(
    'every merge points to an earlier request',
    await queryRows(
      db,
      sql`select r.id, r.number, r.received_at, t.id as into_id, t.received_at as into_received_at from requests r
          left join requests t on t.id = r.merged_into_id
          where r.status = 'merged' and (t.id is null or t.id = r.id or t.received_at >= r.received_at)`,
    ),
  );

/** A request's events come in time order (by id), none before the request was received, and the first is its intake. */
export const eventsInTimeOrder: Check = async (db) =>
  rowsAs(
    "each request's events are in time order and after its submission",
    await queryRows(
      db,
      sql`select e.request_id, e.id, e.action, e.at, r.received_at from request_events e
          join requests r on r.id = e.request_id
          where e.at < r.received_at
             or e.at < (select max(p.at) from request_events p where p.request_id = e.request_id and p.id < e.id)
             or (e.id = (select min(f.id) from request_events f where f.request_id = e.request_id) and e.action not in ('submit', 'self_resolve'))`,
    ),
  );

/** A step a person takes names the person; only the system's own steps (jobs, machine intake) have no actor. */
export const personStepsHaveActors: Check = async (db) =>
  rowsAs(
    'no event actor is the system when a person acted',
    await queryRows(
      db,
      sql`select e.request_id, e.id, e.action from request_events e
          where e.actor_user_id is null
            and (e.action in (${sql.join(
              PERSON_EVENTS.map((a) => sql`${a}`),
              sql`, `,
            )})
              or (e.action = 'submit' and (e.data->>'system') is null))`,
    ),
  );

/** Every timeline event has its audit row (request.<action>, same request, same moment, same actor). */
export const stepsAudited: Check = async (db) =>
  rowsAs(
    'audit rows exist for the steps',
    await queryRows(
      db,
      sql`select e.request_id, e.id, e.action from request_events e
          where not exists (
            select 1 from audit_log a
            where a.object_type = 'request' and a.object_id = e.request_id::text and a.action = 'request.' || e.action
              and a.at = e.at and a.actor_user_id is not distinct from e.actor_user_id)`,
    ),
  );

/** request_counters equal a recount of the requests and their follow-up events; the roll-ups sum to the same. */
export const countersMatchRecount: Check = async (db) => {
  const recount = await queryRows<Record<string, number | string>>(
    db,
    sql`with req as (
          select org_node_id as node, date_trunc('month', received_at at time zone 'Asia/Shanghai')::date as month,
                 count(*) filter (where status not in ('merged', 'rejected'))::int as received,
                 count(*) filter (where status not in ('merged', 'rejected') and responded_at is not null)::int as responded,
                 count(*) filter (where status not in ('merged', 'rejected') and responded_at <= response_due_at)::int as responded_on_time,
                 count(*) filter (where status in ('resolved', 'closed') and resolved_at is not null)::int as resolved,
                 count(*) filter (where status = 'merged')::int as merged,
                 count(*) filter (where status = 'rejected')::int as rejected,
                 count(*) filter (where status not in ('merged', 'rejected') and escalated_at is not null)::int as escalated
          from requests group by 1, 2),
        ans as (
          select r.org_node_id as node, date_trunc('month', e.at at time zone 'Asia/Shanghai')::date as month,
                 count(*) filter (where e.action = 'follow_up')::int as followed_up,
                 count(*) filter (where e.action = 'follow_up' and e.data->>'satisfaction' = 'satisfied')::int as satisfied,
                 count(*) filter (where e.action = 'follow_up' and e.data->>'satisfaction' = 'unsatisfied')::int as unsatisfied,
                 count(*) filter (where e.action = 'close' and e.data->>'reason' = 'no_reply')::int as no_reply,
                 count(*) filter (where e.action = 'reopen')::int as reopened
          from request_events e join requests r on r.id = e.request_id group by 1, 2)
        select coalesce(req.node, ans.node) as node, to_char(coalesce(req.month, ans.month), 'YYYY-MM') as month,
               coalesce(received, 0) as received, coalesce(responded, 0) as responded, coalesce(responded_on_time, 0) as responded_on_time,
               coalesce(resolved, 0) as resolved, coalesce(merged, 0) as merged, coalesce(rejected, 0) as rejected,
               coalesce(escalated, 0) as escalated, coalesce(followed_up, 0) as followed_up, coalesce(satisfied, 0) as satisfied,
               coalesce(unsatisfied, 0) as unsatisfied, coalesce(no_reply, 0) as no_reply, coalesce(reopened, 0) as reopened
        from req full join ans on ans.node = req.node and ans.month = req.month
        order by 1, 2`,
  );
  const fields = 'received, responded, responded_on_time, resolved, merged, rejected, escalated, followed_up, satisfied, unsatisfied, no_reply, reopened';
  const counters = await queryRows<Record<string, number | string>>(
    db,
    sql.raw(
      `select org_node_id as node, to_char(month, 'YYYY-MM') as month, ${fields} from request_counters
       where ${fields.split(', ').join(' + ')} > 0 order by 1, 2`,
    ),
  );
  const key = (r: Record<string, unknown>) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]));
  const want = new Set(recount.filter((r) => Object.entries(r).some(([k, v]) => k !== 'node' && k !== 'month' && Number(v) > 0)).map(key));
  const have = new Set(counters.map(key));
  const out: Violation[] = [];
  for (const k of want) if (!have.has(k)) out.push({ check: 'counters equal a recount', detail: `recount ${k}` });
  for (const k of have) if (!want.has(k)) out.push({ check: 'counters equal a recount', detail: `counter ${k}` });
  const rollups = await queryRows<{ month: string; counters: number; rollups: number }>(
    db,
    sql`select to_char(m.month, 'YYYY-MM') as month, coalesce(c.n, 0)::int as counters, coalesce(u.n, 0)::int as rollups
        from (select month from request_counters union select month from request_rollup_counters) m
        left join (select month, sum(received + merged + rejected + followed_up) as n from request_counters group by month) c on c.month = m.month
        left join (select month, sum(received + merged + rejected + followed_up) as n from request_rollup_counters group by month) u on u.month = m.month
        where coalesce(c.n, 0) <> coalesce(u.n, 0)`,
  );
  return [...out, ...rowsAs('roll-ups sum to the counters', rollups)];
};

/** The registry: stays agree with where people live, places follow households, every person was registered. */
export const registryConsistent: Check = async (db) => [
  ...rowsAs('a person in a household has one open stay there; one who moved out has none', await staysMatchPersons(db)),
  ...rowsAs('a person’s grid and community are their open household’s', await placesFollowHouseholds(db)),
  ...rowsAs('every person has its person.create audit row, or the audit row of the import that wrote it', await personsAudited(db)),
];

export const volunteersConsistent: Check = async (db) => [
  ...rowsAs('every volunteer has its registration in the history and the audit log', await volunteersRegistered(db)),
  ...rowsAs('no volunteer number lies above its community’s counter', await numbersBelowCounters(db)),
  ...rowsAs('no open membership of a dissolved team; a volunteer’s community is the one above their node', await teamsAndPlacesConsistent(db)),
];

/** Every work log entry has its audit row (gridwork.log, same entry, same moment, same author). */
export const workLogsAudited: Check = async (db) =>
  rowsAs(
    'audit rows exist for the work log',
    await queryRows(
      db,
      sql`select w.id from work_logs w
          where not exists (
            select 1 from audit_log a
            where a.object_type = 'work_log' and a.object_id = w.id::text and a.action = 'gridwork.log'
              and a.at = w.created_at and a.actor_user_id = w.created_by)`,
    ),
  );

/** Visits name who was met, at the entry's moment; a request a log entry links was filed from a patrol. */
export const visitsAndPatrolsConsistent: Check = async (db) =>
  rowsAs(
    'visits have people and patrol requests come from patrols',
    await queryRows(
      db,
      sql`select w.id, w.kind from work_logs w
          where (w.kind = 'visit' and not exists (select 1 from work_log_persons p where p.work_log_id = w.id))
             or exists (select 1 from work_log_persons p where p.work_log_id = w.id and (p.occurred_at <> w.occurred_at or p.kind <> w.kind))
             or (w.request_id is not null and (w.kind <> 'patrol' or not exists (select 1 from requests r where r.id = w.request_id and r.channel = 'patrol')))`,
    ),
  );

/** Activities and hours: the counters agree with their recounts; records come from check-outs. */
export const activitiesConsistent: Check = async (db) => [
  ...rowsAs('volunteers.confirmed_minutes equals the sum of confirmed hour entries', await confirmedMinutesRecount(db)),
  ...rowsAs('activities.signed_up equals the sign-ups signed up', await signedUpRecount(db)),
  ...rowsAs('records come from check-outs (auto ones flagged); corrections point at records', await recordsFollowCheckouts(db)),
];

/** The points ledger balances, balances are sums, stock is its ledger, redemptions are posted (docs/adr/0024). */
export const pointsConsistent: Check = async (db) => pointsViolations(db);

/** Micro-wishes and party posts: shares, returns and places agree with their claims and timelines. */
export const wishesConsistent: Check = async (db) => [
  ...rowsAs("a wish's claimed shares are its active claims", await wishSharesMatchClaims(db)),
  ...rowsAs("a wish's returns and confirmation are on its timeline", await wishTimelinesMatch(db)),
  ...rowsAs("a service post's taken places are its claims", await postPlacesMatchClaims(db)),
];

/** Convenience services: seats are their appointments, tickets their appointments, ratings their visits (docs/adr/0027). */
export const servicesConsistent: Check = async (db) => [
  ...rowsAs("a slot's taken seats are its holding appointments", await slotsMatchAppointments(db)),
  ...rowsAs('a checked-in appointment has its ticket, a served one a done ticket', await ticketsMatchAppointments(db)),
  ...rowsAs("a ticket's times follow its status", await ticketTimesFollowStatus(db)),
  ...rowsAs('a rating is of a done visit; an answer says who gave it', await ratingsFollowTickets(db)),
  ...rowsAs("a home-service request's item offers that kind", await homeRequestsMatchItems(db)),
];

export const DEMO_INVARIANTS: Record<string, Check> = {
  dispatchedHaveAssignee,
  rejectionsHaveReason,
  mergesPointEarlier,
  eventsInTimeOrder,
  personStepsHaveActors,
  stepsAudited,
  countersMatchRecount,
  registryConsistent,
  workLogsAudited,
  visitsAndPatrolsConsistent,
  activitiesConsistent,
  pointsConsistent,
  wishesConsistent,
  volunteersConsistent,
  servicesConsistent,
};

/** Every check at once: the violations of all of them. */
export async function checkDemoInvariants(db: DbOrTx): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const check of Object.values(DEMO_INVARIANTS)) out.push(...(await check(db)));
  return out;
}
