// Visit rules and a quarter's history of visits for the bench registry, written set-based: every person with a
// tag that has a rule is visited about as often as the rule asks, by their grid's worker, over the last 13 weeks,
// with about one visit in eight skipped — so some are due, some overdue and coverage is not 100%. Communities are
// remembered in bench_registry_visits, so a grown data set only adds the new communities' visits.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/src/db/client.js';
import type { RegionTree } from './regionTree.js';

const RULES: [string, number][] = [
  ['living_alone', 7],
  ['advanced_age', 14],
  ['dibao', 30],
];

export async function ensureVisits(db: Db, tree: RegionTree, log: (line: string) => void): Promise<void> {
  await db.execute(sql`create table if not exists bench_registry_visits (community_id int primary key)`);
  const now = new Date().toISOString();
  for (const [code, days] of RULES) {
    // The nearest rule wins; one at the tree's root covers the bench region unless the server seeded its own.
    await db.execute(
      sql`insert into visit_rules (org_node_id, tag_id, interval_days, overdue_notice_days, created_at, updated_at)
          select ${tree.rootId}, t.id, ${days}, ${days}, ${now}, ${now}
          from care_tags t join org_nodes n on n.id = t.org_node_id
          where t.code = ${code} and ${tree.rootPath}::ltree <@ n.path
          on conflict (org_node_id, tag_id) do nothing`,
    );
  }
  const [todo] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from bench_registry_fill f where not exists (select 1 from bench_registry_visits v where v.community_id = f.community_id)`,
  );
  if (Number(todo!.n) === 0) return;
  const t0 = performance.now();
  const [made] = await queryRows<{ logs: number }>(
    db,
    sql`with todo as (
          select f.community_id from bench_registry_fill f
          where not exists (select 1 from bench_registry_visits v where v.community_id = f.community_id)),
        due as (
          select p.id as person_id, p.household_id, h.node_id, p.grid_id, p.community_id, min(r.interval_days) as every
          from persons p
          join todo on todo.community_id = p.community_id
          join households h on h.id = p.household_id
          join person_tags pt on pt.person_id = p.id and pt.removed_at is null
          join visit_rules r on r.tag_id = pt.tag_id and r.org_node_id = ${tree.rootId}
          group by p.id, p.household_id, h.node_id, p.grid_id, p.community_id),
        v as (
          select nextval(pg_get_serial_sequence('work_logs', 'id'))::int as id, d.*,
                 ${now}::timestamptz - (k * d.every) * interval '1 day' - (random() * 2) * interval '1 day' as at,
                 u.id as worker
          from due d
          cross join generate_series(0, 90) as k
          join users u on u.username = 'bench.grid.' || d.grid_id
          where k * d.every <= 90 and random() < 0.875),
        logs as (
          insert into work_logs (id, kind, mode, org_node_id, grid_id, community_id, household_id, note, occurred_at, created_by, created_at)
          overriding system value
          select id, 'visit', 'home', node_id, grid_id, community_id, household_id, '例行走访，身体尚好', at, worker, at from v
          returning 1),
        met as (
          insert into work_log_persons (work_log_id, person_id, kind, occurred_at)
          select id, person_id, 'visit', at from v
          returning 1),
        marked as (
          insert into bench_registry_visits (community_id) select community_id from todo returning 1)
        select (select count(*) from logs)::int as logs, (select count(*) from met)::int as met, (select count(*) from marked)::int as marked`,
  );
  await db.execute(sql`vacuum (analyze) work_logs, work_log_persons, visit_rules`);
  log(`  visits: ${Number(made!.logs).toLocaleString('en-US')} work-log entries for ${Number(todo!.n).toLocaleString('en-US')} communities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
