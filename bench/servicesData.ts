// A city's convenience services, written set-based for the services bench: per community a service center whose hall
// opens on weekdays 09:00–12:00 and 13:30–18:30 and on weekend mornings (the seeds' hours), three windows handling the
// city's ten template items, and the last HISTORY_DAYS days of its hall: about 24 appointments a day (slot rows kept
// equal to the appointments, as the service keeps them; one in ten a no-show) and 40 tickets a day, each called,
// served and done. Communities are remembered in bench_services_fill, so a grown data set only adds the new ones.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../server/src/db/client.js';

export const HISTORY_DAYS = 60;
export const TICKETS_PER_DAY = 40;
const ITEMS = ['城乡居民养老保险参保登记', '养老保险待遇资格认证', '城乡居民医保参保缴费', '医保异地就医备案', '高龄津贴申请', '居住证明开具', '最低生活保障申请', '残疾人两项补贴申请', '临时救助申请', '水电气暖缴费'];

export interface ServicesFillProgress {
  communities: number;
  appointments: number;
  tickets: number;
  seconds: number;
}

export async function filledServiceCommunities(db: Db): Promise<number> {
  await db.execute(sql`create table if not exists bench_services_fill (community_id int primary key, center_id int not null, filled_at timestamptz not null default now())`);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_services_fill`);
  return Number(row!.n);
}

/** The city's template items (made once): the ids, in the order of ITEMS. */
async function templateItems(db: Db, cityId: number): Promise<number[]> {
  const now = new Date().toISOString();
  await db.execute(
    sql`insert into service_items (node_id, name, name_search, category, modes, time_limit_days, created_at, updated_at)
        select ${cityId}, n, '', 'social_security', array['on_the_spot','by_appointment']::text[], 0, ${now}, ${now}
        from unnest(${sql.raw(`array[${ITEMS.map((i) => `'${i}'`).join(',')}]`)}) as n
        on conflict do nothing`,
  );
  const rows = await queryRows<{ id: number }>(db, sql`select id from service_items where node_id = ${cityId} order by id`);
  return rows.map((r) => Number(r.id));
}

/** Fill the city's communities (in id order) until `target` are filled, in batches of 25. */
export async function fillServiceCommunities(db: Db, city: { id: number; path: string }, target: number, progress: (p: ServicesFillProgress) => void): Promise<void> {
  const t0 = performance.now();
  const items = await templateItems(db, city.id);
  const itemArray = sql.raw(`array[${items.join(',')}]::int[]`);
  let communities = 0;
  let appointments = 0;
  let tickets = 0;
  for (;;) {
    const done = await filledServiceCommunities(db);
    if (done >= target) return;
    const batch = await queryRows<{ id: number }>(
      db,
      sql`select c.id from org_nodes c where c.path <@ ${city.path}::ltree and c.kind = 'community'
            and not exists (select 1 from bench_services_fill f where f.community_id = c.id)
          order by c.id limit ${Math.min(25, target - done)}`,
    );
    if (batch.length === 0) return;
    const ids = sql.raw(`array[${batch.map((b) => Number(b.id)).join(',')}]::int[]`);
    await db.transaction(async (tx) => {
      const now = new Date().toISOString();
      const [made] = await queryRows<{ appointments: number; tickets: number }>(
        tx,
        sql`with c as (
              insert into service_centers (org_node_id, kind, name, phone, created_at)
              select n.id, 'center', n.name || '党群服务中心', '0477-1234567', ${now} from org_nodes n where n.id = any(${ids})
              returning id, org_node_id),
            s as (
              insert into room_schedules (service_center_id, name, purpose, holiday_mode, created_at, updated_at)
              select id, '服务大厅', 'hall', 'closed', ${now}, ${now} from c returning id, service_center_id),
            r as (
              insert into room_hours_rules (schedule_id, weekdays, opens_min, closes_min)
              select s.id, h.w::smallint[], h.o, h.e from s
              cross join (values ('{1,2,3,4,5}', 540, 720), ('{1,2,3,4,5}', 810, 1110), ('{6,7}', 540, 720)) as h(w, o, e)
              returning 1),
            w as (
              insert into service_windows (service_center_id, number, name, ticket_prefix, slot_minutes, slot_capacity, max_party_size, created_at, updated_at)
              select c.id, k, k || '号窗口', chr(64 + k), 30, 3, 3, ${now}, ${now} from c cross join generate_series(1, 3) as k
              returning id, service_center_id, number),
            wi as (
              insert into service_window_items (window_id, item_id)
              select w.id, (${itemArray})[i] from w cross join generate_series(1, ${items.length}) as i
              where (i - 1) % 3 = w.number - 1 or w.number = 1
              returning 1),
            days as (
              select d::date as day from generate_series((${now}::timestamptz at time zone 'Asia/Shanghai')::date - ${sql.raw(String(HISTORY_DAYS))}, (${now}::timestamptz at time zone 'Asia/Shanghai')::date - 1, interval '1 day') as d
              where extract(isodow from d) <= 5),
            slots as (
              insert into appointment_slots (window_id, starts_at, ends_at, capacity, taken)
              select w.id, (days.day + (h * interval '1 hour') + interval '9 hours') at time zone 'Asia/Shanghai',
                     (days.day + (h * interval '1 hour') + interval '9 hours 30 minutes') at time zone 'Asia/Shanghai', 3, 2
              from w cross join days cross join (values (0), (1), (5), (6)) as hh(h)
              returning window_id, starts_at, ends_at),
            a as (
              insert into appointments (number, window_id, service_center_id, node_id, item_id, name, party_size, starts_at, ends_at, status, created_at, updated_at)
              select 'B' || slots.window_id || '-' || extract(epoch from slots.starts_at)::bigint || '-' || k, slots.window_id, w.service_center_id, c.org_node_id,
                     (${itemArray})[1 + (k + w.number) % ${items.length}], '居民', 1, slots.starts_at, slots.ends_at,
                     case when (extract(epoch from slots.starts_at)::bigint / 1800 + k) % 10 = 0 then 'no_show' else 'served' end,
                     slots.starts_at - interval '2 days', slots.starts_at
              from slots join w on w.id = slots.window_id join c on c.id = w.service_center_id cross join generate_series(1, 2) as k
              returning id, service_center_id, node_id, item_id, window_id, starts_at, status),
            t as (
              insert into queue_tickets (service_center_id, node_id, day, number, item_id, window_id, source, status, queued_at, taken_at, called_at, serving_at, done_at, call_count, token)
              select c.id, c.org_node_id, days.day, chr(65 + (k % 3)) || lpad(k::text, 3, '0'), (${itemArray})[1 + k % ${items.length}], null, 'kiosk', 'done',
                     t0, t0, t0 + interval '8 minutes', t0 + interval '8 minutes', t0 + interval '20 minutes', 1, md5(c.id || '-' || days.day || '-' || k)
              from c cross join days cross join generate_series(1, ${TICKETS_PER_DAY}) as k
              cross join lateral (select (days.day + interval '9 hours' + (k * 11) * interval '1 minute') at time zone 'Asia/Shanghai' as t0) x
              returning 1),
            marked as (insert into bench_services_fill (community_id, center_id) select org_node_id, id from c returning 1)
            select (select count(*) from a)::int as appointments, (select count(*) from t)::int as tickets, (select count(*) from marked)::int as marked,
                   (select count(*) from r)::int as rules, (select count(*) from wi)::int as window_items`,
      );
      appointments += Number(made!.appointments);
      tickets += Number(made!.tickets);
    });
    communities += batch.length;
    progress({ communities, appointments, tickets, seconds: (performance.now() - t0) / 1000 });
  }
}

export async function analyzeServices(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze) service_centers, service_windows, service_window_items, appointment_slots, appointments, queue_tickets`);
}
