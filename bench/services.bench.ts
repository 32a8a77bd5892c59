// npm run bench -- services [--quick] [--fresh] [--reps N]
// On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lianxin_bench_services, created if
// missing; --quick: …/lianxin_bench_services_quick). The data set is kept between runs and grown:
// 1. The region tree of the requests bench (25,000 grids; --quick 2,500); the bench fills its first city.
// 2. A tenth of the city's communities get a service center with three windows and two months of their hall
//    (bench/servicesData.ts: appointments and slot rows, 40 served tickets a day), then the calls are timed as ratios
//    of a bare Fastify route measured in the same run:
//    - the slots of a center for an item over the next month (the phone's booking page), and of one window;
//    - "call next" under contention: three windows, four staff members each, calling at once while tickets wait
//      (each call against the bare route hit by as many requests at once);
//    - the community's and the town's service statistics.
// 3. Every community of the city filled (1,250 centers, about 1.5 M appointments and 2 M tickets; --quick a fifth),
//    the same calls again. The first community holds the same rows at both sizes; the city around it grows tenfold.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres, queryRows, type Database } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { benchOptions, ensureDatabase, fmt, median, printGrowth, printTimings, signIn, timeCalls, type Call, type Timing } from './pgBench.js';
import { ensureRegionTree, QUICK_SHAPE, REGION_SHAPE, staffAt } from './regionTree.js';
import { analyzeServices, fillServiceCommunities, filledServiceCommunities } from './servicesData.js';

const CALLERS_PER_WINDOW = 4;

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface SlotDays {
  days: { slots: unknown[] }[];
  windowIds: number[];
}
const describeSlots = (b: unknown) => {
  const s = b as SlotDays;
  return `${s.days.length} days, ${fmt(s.days.reduce((n, d) => n + d.slots.length, 0))} slots over ${s.windowIds.length} window(s)`;
};
const describeStats = (b: unknown) => {
  const s = b as { totals: { visits: number; appointments: number; avgWaitMinutes: number | null } };
  return `${fmt(s.totals.visits)} visits, ${fmt(s.totals.appointments)} appointments, average wait ${s.totals.avgWaitMinutes ?? '—'} min`;
};

async function send(url: string, token?: string, method = 'GET'): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/**
 * "Call next" under contention: each round puts tickets in the queue, then every caller of every window calls at
 * once; the bare route gets as many simultaneous requests right after. Medians over all calls of all rounds.
 */
async function timeCallNext(
  db: Database['db'],
  center: { id: number; nodeId: number; windows: number[] },
  base: string,
  bareUrl: string,
  tokens: string[],
  reps: number,
): Promise<Timing> {
  const day = chinaDay(new Date());
  const calls: number[] = [];
  const bare: number[] = [];
  // Tickets an interrupted earlier run left waiting today would be called first: end them.
  await db.execute(sql`update queue_tickets set status = 'cancelled' where service_center_id = ${center.id} and day = ${day}::date and number like 'Z%' and status = 'waiting'`);
  let called = 0;
  let answered = 0;
  for (let round = 0; round < reps + 2; round++) {
    const waiting = center.windows.length * CALLERS_PER_WINDOW;
    await db.execute(
      sql`insert into queue_tickets (service_center_id, node_id, day, number, item_id, window_id, source, status, queued_at, taken_at, token)
          select ${center.id}, ${center.nodeId}, ${day}::date, 'Z' || lpad((coalesce((select count(*) from queue_tickets where service_center_id = ${center.id} and day = ${day}::date and number like 'Z%'), 0) + k)::text, 5, '0'),
                 null, null, 'kiosk', 'waiting', now(), now(), md5(random()::text || k)
          from generate_series(1, ${waiting}) as k`,
    );
    const results = await Promise.all(
      center.windows.flatMap((w, i) => Array.from({ length: CALLERS_PER_WINDOW }, (_, j) => send(`${base}/services/queue/windows/${w}/call-next`, tokens[(i * CALLERS_PER_WINDOW + j) % tokens.length], 'POST'))),
    );
    const bareResults = await Promise.all(Array.from({ length: waiting }, () => send(bareUrl)));
    const failed = results.find((r) => r.status !== 200);
    if (failed) throw new Error(`call next answered ${failed.status}`);
    answered += results.length;
    if (round < 2) continue; // warm-up
    called += results.length;
    calls.push(...results.map((r) => r.ms));
    bare.push(...bareResults.map((r) => r.ms));
  }
  // Every answered call moved a different ticket: as many called tickets as answers, none left waiting.
  const [state] = await queryRows<{ called: number; waiting: number }>(
    db,
    sql`select count(*) filter (where status = 'called')::int as called, count(*) filter (where status = 'waiting')::int as waiting
        from queue_tickets where service_center_id = ${center.id} and day = ${day}::date and number like 'Z%'`,
  );
  if (Number(state!.waiting) !== 0) throw new Error(`${state!.waiting} tickets still waiting after the calls`);
  return {
    label: `call next, ${center.windows.length * CALLERS_PER_WINDOW} callers at once`,
    ms: median(calls),
    bareMs: median(bare),
    what: `${fmt(called)} calls timed; ${fmt(answered)} answers called ${fmt(Number(state!.called))} tickets today (all Z tickets of earlier runs included)`,
  };
}

export async function run(args: string[]): Promise<void> {
  const o = benchOptions(args, 'services');
  const shape = o.quick ? QUICK_SHAPE : REGION_SHAPE;
  const cityCommunities = shape.counties * shape.towns * shape.communities;
  const firstSize = Math.max(1, Math.floor(cityCommunities / 10));
  console.log(`\nservices bench (PostgreSQL ${new URL(o.url).host}${new URL(o.url).pathname}, one city of ${fmt(cityCommunities)} communities, ${fmt(firstSize)} then all with a center, ${o.reps} calls per figure)`);
  await ensureDatabase(o.url, o.fresh);
  const database: Database = await openPostgres(o.url, 20);
  await migrate(database);
  const db = database.db;

  console.log('\n1. region tree');
  const tree = await ensureRegionTree(db, shape, (line) => console.log(line));
  const [city] = await queryRows<{ path: string }>(db, sql`select path::text as path from org_nodes where id = ${tree.cityId}`);

  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;
  const config = loadConfig({
    NODE_ENV: 'production',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PERSONAL_DATA_KEYS: `bench:${Buffer.alloc(32, 5).toString('base64')}`,
    PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 6).toString('base64'),
  });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;

  const grow = async (target: number, step: string) => {
    const before = await filledServiceCommunities(db);
    if (before < target) {
      console.log(`  filling communities ${fmt(before)} → ${fmt(target)}`);
      const t0 = performance.now();
      await fillServiceCommunities(db, { id: tree.cityId, path: city!.path }, target, (p) => {
        if (p.communities % 100 === 0 || before + p.communities === target) {
          console.log(`  ${step}: ${fmt(before + p.communities)}/${fmt(target)} centers, ${fmt(p.appointments)} appointments and ${fmt(p.tickets)} tickets written, ${fmt(p.tickets / p.seconds)} tickets/s`);
        }
      });
      await analyzeServices(db);
      console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const [n] = await queryRows<{ centers: number; appointments: number; tickets: number }>(
      db,
      sql`select (select count(*) from bench_services_fill)::int as centers, (select count(*) from appointments)::int as appointments, (select count(*) from queue_tickets)::int as tickets`,
    );
    return { centers: Number(n!.centers), appointments: Number(n!.appointments), tickets: Number(n!.tickets) };
  };

  let context: { calls: Call[]; center: { id: number; nodeId: number; windows: number[] }; callers: string[] } | null = null;
  const prepare = async () => {
    if (context) return context;
    const [first] = await queryRows<{ community: number; town: number; center: number }>(
      db,
      sql`select f.community_id as community, c.parent_id as town, f.center_id as center from bench_services_fill f join org_nodes c on c.id = f.community_id order by f.community_id limit 1`,
    );
    const communityId = Number(first!.community);
    const centerId = Number(first!.center);
    const windows = (await queryRows<{ id: number }>(db, sql`select id from service_windows where service_center_id = ${centerId} order by number`)).map((w) => Number(w.id));
    const [item] = await queryRows<{ id: number }>(db, sql`select item_id as id from service_window_items where window_id = ${windows[0]!} order by item_id limit 1`);
    const staffUser = await staffAt(db, 'staff', communityId);
    const staff = await signIn(db, staffUser);
    const townAdmin = await signIn(db, await staffAt(db, 'town', Number(first!.town)));
    const callers = await Promise.all(Array.from({ length: windows.length * CALLERS_PER_WINDOW }, () => signIn(db, staffUser)));
    const from = addDays(chinaDay(new Date()), 1);
    const to = addDays(from, 30);
    context = {
      center: { id: centerId, nodeId: communityId, windows },
      callers,
      calls: [
        { label: "a center's slots for an item, a month", url: `${base}/services/slots?centerId=${centerId}&itemId=${Number(item!.id)}&from=${from}&to=${to}`, token: staff, describe: describeSlots },
        { label: "one window's slots, a month", url: `${base}/services/slots?windowId=${windows[1]!}&from=${from}&to=${to}`, token: staff, describe: describeSlots },
        { label: "community's service statistics", url: `${base}/services/stats?nodeId=${communityId}`, token: staff, describe: describeStats },
        { label: "town's service statistics", url: `${base}/services/stats?nodeId=${Number(first!.town)}`, token: townAdmin, describe: describeStats },
      ],
    };
    return context;
  };
  const measure = async () => {
    const c = await prepare();
    const timings = await timeCalls(c.calls, bareUrl, o.reps);
    timings.push(await timeCallNext(db, c.center, base, bareUrl, c.callers, o.reps));
    return timings;
  };

  console.log(`\n2. ${fmt(firstSize)} communities with a center`);
  const filledBefore = await filledServiceCommunities(db);
  let small: Timing[] | null = null;
  let smallTickets = 0;
  if (filledBefore > firstSize) {
    console.log(`  the data set already holds ${fmt(filledBefore)} centers: the first figure needs a fresh database (--fresh)`);
  } else {
    const size = await grow(firstSize, 'size 1');
    smallTickets = size.tickets;
    small = await measure();
    printTimings(`  ${fmt(size.centers)} centers, ${fmt(size.appointments)} appointments, ${fmt(size.tickets)} tickets`, small);
  }

  console.log('\n3. every community of the city with a center');
  const size = await grow(cityCommunities, 'size 2');
  const large = await measure();
  printTimings(`  ${fmt(size.centers)} centers, ${fmt(size.appointments)} appointments, ${fmt(size.tickets)} tickets`, large);
  if (small) printGrowth(size.tickets / smallTickets, small, large);
  console.log('\n  ("call next" is timed against the bare route under the same number of simultaneous requests.)');

  await app.close();
  await bare.close();
  await database.close();
}
