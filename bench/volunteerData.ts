// A city's volunteering, written set-based for the volunteers bench: per community about 128 volunteers in its grids
// (160,000 over a city of 1,250 communities), two or three teams (about 3,500), each team running an activity every
// fortnight over the last year (24 each), about one member in six serving at each, checked in and out, with an hour
// entry (nineteen in twenty confirmed) — and `confirmed_minutes` kept equal to the recount, as the service keeps it.
// Communities are remembered in bench_volunteer_fill, so a grown data set only adds the new ones.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/src/db/client.js';

export const VOLUNTEERS_PER_COMMUNITY = 128;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['秀英', '桂兰', '建华', '志强', '丽娟', '海燕', '文博', '子涵', '宇航', '巴特尔', '其其格', '乌兰', '淑珍', '国庆', '红梅', '晓东'];

export interface VolunteerFillProgress {
  communities: number;
  volunteers: number;
  entries: number;
  seconds: number;
}

export async function filledVolunteerCommunities(db: Db): Promise<number> {
  await db.execute(sql`create table if not exists bench_volunteer_fill (community_id int primary key, filled_at timestamptz not null default now())`);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_volunteer_fill`);
  return Number(row!.n);
}

/** Fill the city's communities (in id order) until `target` are filled, in batches of 25 communities. */
export async function fillVolunteerCommunities(db: Db, cityPath: string, target: number, progress: (p: VolunteerFillProgress) => void): Promise<void> {
  const t0 = performance.now();
  let communities = 0;
  let volunteers = 0;
  let entries = 0;
  const surnames = sql.raw(`array[${SURNAMES.map((s) => `'${s}'`).join(',')}]`);
  const given = sql.raw(`array[${GIVEN.map((s) => `'${s}'`).join(',')}]`);
  for (;;) {
    const done = await filledVolunteerCommunities(db);
    if (done >= target) return;
    const batch = await queryRows<{ id: number }>(
      db,
      sql`select c.id from org_nodes c where c.path <@ ${cityPath}::ltree and c.kind = 'community'
            and not exists (select 1 from bench_volunteer_fill f where f.community_id = c.id)
          order by c.id limit ${Math.min(25, target - done)}`,
    );
    if (batch.length === 0) return;
    const ids = sql.raw(`array[${batch.map((b) => Number(b.id)).join(',')}]::int[]`);
    await db.transaction(async (tx) => {
      const now = new Date().toISOString();
      const [made] = await queryRows<{ volunteers: number; entries: number }>(
        tx,
        sql`with grids as (
              select g.id, g.parent_id as community_id, row_number() over (partition by g.parent_id order by g.id) - 1 as k,
                     count(*) over (partition by g.parent_id) as n
              from org_nodes g where g.kind = 'grid' and g.parent_id = any(${ids})),
            v as (
              insert into volunteers (volunteer_no, name, name_pinyin, name_initials, gender, birth_date, node_id, community_id,
                                      political_status, skills, service_categories, registered_at, created_at, updated_at)
              select 'B' || c || '-' || i,
                     (${surnames})[1 + (c * 7 + i) % ${SURNAMES.length}] || (${given})[1 + (c + i * 3) % ${GIVEN.length}],
                     'bench', 'bj', case when i % 2 = 0 then 'female' else 'male' end,
                     date '1950-01-01' + ((c * 131 + i * 997) % 20000),
                     g.id, c, case when i % 4 = 0 then 'party_member' else 'masses' end,
                     '{}'::text[], array['elderly_care']::text[],
                     ${now}::timestamptz - ((i * 37 + c) % 700) * interval '1 day', ${now}, ${now}
              from unnest(${ids}) as c
              cross join generate_series(0, ${VOLUNTEERS_PER_COMMUNITY - 1}) as i
              join grids g on g.community_id = c and g.k = i % g.n
              returning id, community_id),
            t as (
              insert into volunteer_teams (node_id, name, kind, join_mode, created_at, updated_at)
              select c, '服务队' || j, case j when 0 then 'party_vanguard' when 1 then 'red_vest' else 'warm_service' end, 'approval', ${now}, ${now}
              from unnest(${ids}) as c cross join generate_series(0, 2) as j
              where j < 2 or c % 5 < 4
              returning id, node_id),
            tk as (select id, node_id as community_id, row_number() over (partition by node_id order by id) - 1 as k,
                          count(*) over (partition by node_id) as n from t),
            vk as (select id, community_id, row_number() over (partition by community_id order by id) - 1 as k from v),
            members as (
              insert into volunteer_team_members (team_id, volunteer_id, role, status, requested_at, decided_at)
              select tk.id, vk.id, case when vk.k < tk.n then 'leader' else 'member' end, 'active', ${now}, ${now}
              from vk join tk on tk.community_id = vk.community_id and tk.k = vk.k % tk.n
              returning team_id, volunteer_id),
            a as (
              insert into activities (node_id, community_id, team_id, title, category, place_name, starts_at, ends_at, capacity,
                                      signed_up, signup_deadline, checkin_token, created_at, updated_at)
              select tk.community_id, tk.community_id, tk.id, '志愿服务活动', 'elderly_care', '党群服务中心',
                     date_trunc('hour', ${now}::timestamptz) - (w * 15 + tk.k) * interval '1 day' - interval '2 hours',
                     date_trunc('hour', ${now}::timestamptz) - (w * 15 + tk.k) * interval '1 day',
                     30, 0, date_trunc('hour', ${now}::timestamptz) - (w * 15 + tk.k + 1) * interval '1 day',
                     md5(random()::text || tk.id || '-' || w), ${now}, ${now}
              from tk cross join generate_series(0, 23) as w
              returning id, team_id, starts_at, ends_at),
            s as (
              insert into activity_signups (activity_id, volunteer_id, status, signed_up_at, checked_in_at, checked_out_at)
              select a.id, m.volunteer_id, 'signed_up', a.starts_at - interval '3 days', a.starts_at, a.ends_at
              from a join members m on m.team_id = a.team_id
              where (m.volunteer_id + a.id) % 6 = 0
              returning id, activity_id, volunteer_id, checked_in_at),
            e as (
              insert into hour_entries (volunteer_id, activity_id, signup_id, node_id, community_id, kind, service_date,
                                        planned_minutes, minutes, content, status, recorded_at, decided_at)
              select s.volunteer_id, s.activity_id, s.id, v.community_id, v.community_id, 'record',
                     (s.checked_in_at at time zone 'Asia/Shanghai')::date, 120, 120, '志愿服务活动',
                     case when s.id % 20 = 0 then 'pending' else 'confirmed' end, s.checked_in_at, s.checked_in_at
              from s join v on v.id = s.volunteer_id
              returning volunteer_id, minutes, status),
            marked as (insert into bench_volunteer_fill (community_id) select unnest(${ids}) returning 1)
            select (select count(*) from v)::int as volunteers, (select count(*) from e)::int as entries, (select count(*) from marked)::int as marked`,
      );
      // What the services keep in the same transaction: sign-ups per activity, confirmed minutes per volunteer.
      await tx.execute(
        sql`update activities a set signed_up = s.n from (
              select activity_id, count(*)::int as n from activity_signups s join activities a2 on a2.id = s.activity_id
              where a2.community_id = any(${ids}) group by activity_id) s
            where a.id = s.activity_id`,
      );
      await tx.execute(
        sql`update volunteers v set confirmed_minutes = e.m from (
              select volunteer_id, sum(minutes)::int as m from hour_entries where community_id = any(${ids}) and status = 'confirmed' group by volunteer_id) e
            where v.id = e.volunteer_id`,
      );
      volunteers += Number(made!.volunteers);
      entries += Number(made!.entries);
    });
    communities += batch.length;
    progress({ communities, volunteers, entries, seconds: (performance.now() - t0) / 1000 });
  }
}

export async function analyzeVolunteering(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze) volunteers, volunteer_teams, volunteer_team_members, activities, activity_signups, hour_entries`);
}
