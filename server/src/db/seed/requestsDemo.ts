import { sql } from 'drizzle-orm';
import { generateRequests } from '../../modules/requests/requests.generate.js';
import { pinyinSearchKey } from '../../modules/requests/requests.intake.js';
import { seedOpen311Demo } from '../../modules/open311/open311.keys.js';
import { queryRows, type Db } from '../client.js';
import { QINGSHAN_CODE } from './demoPlaces.js';

export interface RequestsDemoResult {
  skipped: boolean;
  requests: number;
  open311KeyCreated: boolean;
}

/** How many requests the demo files under 青山区, spread over the last DEMO_DAYS days. */
export const DEMO_REQUESTS = 600;
export const DEMO_DAYS = 120;
/** And this many in the last two days in the grids that have a grid worker, so their task lists have work. */
export const DEMO_RECENT = 16;
/** resident.baoli's own requests (taken from the generated ones in 保利社区) so "my requests" is not empty. */
const RESIDENT_USERNAME = 'resident.baoli';
const RESIDENT_REQUESTS = 6;

/**
 * Demo requests for the Qingshan demo places: a few months of work in every state of the workflow, handled by
 * the grid workers who have roles at the grids (the generator keeps the rate counters consistent with the rows),
 * a handful of them reported by the demo resident, and the Open311 partner key `demo-open311-key`.
 * Skipped when 青山区 already has requests, so a second run changes nothing.
 */
export async function seedRequestsDemo(db: Db, now: Date): Promise<RequestsDemoResult> {
  const { created: open311KeyCreated } = await seedOpen311Demo(db, now);
  const [county] = await queryRows<{ path: string }>(db, sql`select path::text as path from org_nodes where code = ${QINGSHAN_CODE}`);
  if (!county) throw new Error('Requests demo: 青山区 not found — import the divisions first');
  const [existing] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from requests r join org_nodes n on n.id = r.org_node_id where n.path <@ ${county.path}::ltree) as any`,
  );
  if (existing?.any) return { skipped: true, requests: 0, open311KeyCreated };

  const grids = await queryRows<{ id: number }>(
    db,
    sql`select g.id from org_nodes g
        where g.kind = 'grid' and g.path <@ ${county.path}::ltree
          and not exists (select 1 from org_nodes c where c.parent_id = g.id and c.kind = 'grid')
        order by g.id`,
  );
  if (grids.length === 0) return { skipped: true, requests: 0, open311KeyCreated };
  const workers = await queryRows<{ grid: number; user: number }>(
    db,
    sql`select a.org_node_id as grid, a.user_id as user from role_assignments a
        join org_nodes g on g.id = a.org_node_id
        where a.role = 'grid_worker' and g.path <@ ${county.path}::ltree`,
  );
  const workersByGrid = new Map<number, number[]>();
  for (const w of workers) {
    const list = workersByGrid.get(Number(w.grid)) ?? [];
    list.push(Number(w.user));
    workersByGrid.set(Number(w.grid), list);
  }
  const from = new Date(now.getTime() - DEMO_DAYS * 86_400_000);
  const result = await generateRequests(db, {
    total: DEMO_REQUESTS,
    from,
    to: now,
    now,
    gridIds: grids.map((g) => Number(g.id)),
    workersByGrid,
    seed: 2026,
  });

  const staffed = [...workersByGrid.keys()].sort((a, b) => a - b);
  const recent = staffed.length
    ? await generateRequests(db, {
        total: DEMO_RECENT,
        from: new Date(now.getTime() - 2 * 86_400_000),
        to: now,
        now,
        gridIds: staffed,
        workersByGrid,
        seed: 2027,
      })
    : { inserted: 0 };

  // Give the demo resident a few of the 保利社区 requests (one per state where there is one).
  const [resident] = await queryRows<{ id: number; name: string; mobile: string | null }>(
    db,
    sql`select id, display_name as name, mobile from users where lower(username) = ${RESIDENT_USERNAME}`,
  );
  if (resident) {
    await db.execute(sql`
      with picked as (
        select distinct on (r.status) r.id from requests r
        join org_nodes n on n.id = r.org_node_id
        join org_nodes c on c.kind = 'community' and c.name = '保利社区' and n.path <@ c.path and c.path <@ ${county.path}::ltree
        where r.reporter_name is not null
        order by r.status, r.received_at desc
        limit ${RESIDENT_REQUESTS}
      )
      update requests set reporter_user_id = ${resident.id}, reporter_name = ${resident.name},
        reporter_name_pinyin = ${pinyinSearchKey(resident.name)}, reporter_phone = ${resident.mobile}
      from picked where requests.id = picked.id`);
  }
  return { skipped: false, requests: result.inserted + recent.inserted, open311KeyCreated };
}
