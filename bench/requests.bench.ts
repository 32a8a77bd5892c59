// npm run bench -- requests [seconds] [--quick] [--requests N] [--first N] [--fresh] [--explain]
// On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lianxin_bench, created if missing; the
// quick mode defaults to …/lianxin_bench_quick). The data set is kept between runs and only what is missing is
// generated, with progress:
// 1. A region-scale org tree (1 region, 4 cities, 20 counties, 200 towns, 5,000 communities, 25,000 grids) with a grid
//    worker per grid, a dispatcher per community, an admin per town and city, and 200 residents (bench/regionTree.ts).
// 2. Requests received over one year (the 12 whole months before the month of the first run, kept in bench_datasets)
//    up to 100,000; the three rates of a city over that year, timed (median of repeated calls) through
//    GET /requests/rates and in process, as ratios of the bare route and of `select 1`.
// 3. Grown to 1,000,000 (--requests N); the rates timed again, and the growth 1M / 100k.
// 4. The server and a bare Fastify route driven alike: intake (POST /requests by residents of 200 grids) throughput,
//    p99 of a grid worker's "my tasks" and of a town admin's ledger first page, as ratios of the bare route.
// 5. EXPLAIN (ANALYZE, BUFFERS) of the statements behind the ledger page, "my tasks" and the rates (full plans with
//    --explain).
// --quick: 2,500 grids, 2,000 then 20,000 requests, 3 s per measurement. --fresh: drop the bench database first.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres, queryRows, type Database, type Db } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import * as schema from '../server/src/db/schema/index.js';
import { sessions } from '../server/src/db/schema/users.js';
import { listLedger } from '../server/src/modules/requests/ledger/service.js';
import { generateRequests } from '../server/src/modules/requests/generate/history.js';
import { rates } from '../server/src/modules/requests/followup/rates.js';
import { listTasks } from '../server/src/modules/requests/core/read.js';
import type { LedgerQuery } from '../server/src/modules/requests/ledger/schema.js';
import { loadPrincipal, newToken } from '../server/src/platform/auth.js';
import type { Principal } from '../server/src/platform/access.js';
import type { AppContext } from '../server/src/platform/context.js';
import { drive, ratio, type Drive } from './lib.js';
import { ensureRegionTree, gridCount, gridIds, gridWorkers, QUICK_SHAPE, REGION_SHAPE, staffAt, type RegionTree } from './regionTree.js';
import { ensureDatabase } from './pgBench.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

interface Options {
  quick: boolean;
  seconds: number;
  first: number;
  total: number;
  fresh: boolean;
  explain: boolean;
  url: string;
}

function options(args: string[]): Options {
  const quick = args.includes('--quick');
  const valueOf = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(String(args[i + 1]).replace(/[_,]/g, ''));
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${flag} needs a positive whole number`);
    return v;
  };
  const flagged = new Set(['--requests', '--first'].flatMap((f) => (args.includes(f) ? [args[args.indexOf(f) + 1]] : [])));
  const seconds = Number(args.find((a) => /^\d+$/.test(a) && !flagged.has(a)) ?? (quick ? 3 : 5));
  const total = valueOf('--requests') ?? (quick ? 20_000 : 1_000_000);
  let first = valueOf('--first') ?? (quick ? 2_000 : 100_000);
  if (first >= total) first = Math.max(1, Math.floor(total / 10));
  return {
    quick,
    seconds,
    first,
    total,
    fresh: args.includes('--fresh'),
    explain: args.includes('--explain'),
    url: process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${quick ? 'lianxin_bench_quick' : 'lianxin_bench'}`,
  };
}

// ——— The database ———

interface Dataset {
  from: Date;
  to: Date;
  /** Months of the window, YYYY-MM. */
  fromMonth: string;
  toMonth: string;
}

const chinaMonthStart = (y: number, m: number) => new Date(`${y}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`);

/** The year the requests are received in: fixed at the first run, so later runs grow the same data set. */
async function ensureDataset(db: Db, tree: RegionTree): Promise<Dataset> {
  await db.execute(sql`create table if not exists bench_datasets (
      root_id int primary key, from_at timestamptz not null, to_at timestamptz not null, created_at timestamptz not null default now())`);
  const china = new Date(Date.now() + 8 * 3_600_000);
  const to = chinaMonthStart(china.getUTCFullYear(), china.getUTCMonth() + 1);
  const from = chinaMonthStart(china.getUTCFullYear() - 1, china.getUTCMonth() + 1);
  await db.execute(sql`insert into bench_datasets (root_id, from_at, to_at) values (${tree.rootId}, ${from.toISOString()}, ${to.toISOString()}) on conflict do nothing`);
  const [row] = await queryRows<{ from_at: Date | string; to_at: Date | string }>(db, sql`select from_at, to_at from bench_datasets where root_id = ${tree.rootId}`);
  const f = new Date(row!.from_at);
  const t = new Date(row!.to_at);
  const label = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  return { from: f, to: t, fromMonth: label(f), toMonth: label(new Date(t.getTime() - 86_400_000)) };
}

async function countGenerated(db: Db, tree: RegionTree, ds: Dataset): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from requests r
        where r.received_at >= ${ds.from.toISOString()}::timestamptz and r.received_at < ${ds.to.toISOString()}::timestamptz
          and r.org_node_id in (select id from org_nodes where path <@ ${tree.rootPath}::ltree)`,
  );
  return Number(row!.n);
}

/** A progress line: rewritten on a terminal, otherwise printed every 5%. */
function progressPrinter(label: string, start: number, target: number) {
  const tty = process.stdout.isTTY === true;
  let lastStep = -1;
  return (p: { done: number; total: number; seconds: number }) => {
    const rate = p.done / Math.max(p.seconds, 0.001);
    const eta = (p.total - p.done) / Math.max(rate, 1);
    const pct = Math.floor(((start + p.done) / target) * 100);
    const line = `  ${label}: ${fmt(start + p.done)}/${fmt(target)} (${pct}%)  ${fmt(rate)} rows/s  ETA ${Math.floor(eta / 60)}m${String(Math.round(eta % 60)).padStart(2, '0')}s`;
    if (tty) {
      process.stdout.write(`\r${line}   ${p.done === p.total ? '\n' : ''}`);
      return;
    }
    const step = Math.floor((p.done / p.total) * 20);
    if (step > lastStep || p.done === p.total) {
      lastStep = step;
      console.log(line);
    }
  };
}

/** Generate what is missing up to `target` requests in the tree's year. */
async function grow(db: Db, tree: RegionTree, ds: Dataset, target: number, grids: number[], workers: Map<number, number[]>): Promise<number> {
  const existing = await countGenerated(db, tree, ds);
  if (existing >= target) {
    console.log(`  requests: ${fmt(existing)} already in the data set`);
    return existing;
  }
  const missing = target - existing;
  console.log(`  requests: ${fmt(existing)} in the data set, generating ${fmt(missing)} more`);
  const result = await generateRequests(db, {
    total: missing,
    from: ds.from,
    to: ds.to,
    now: ds.to,
    gridIds: grids,
    workersByGrid: workers,
    batchSize: 5000,
    // A different stretch of the PRNG for each top-up, so it does not repeat the first one.
    seed: 20_261_001 + existing,
    concurrency: 2,
    onProgress: progressPrinter('generating', existing, target),
  });
  console.log(`  generated ${fmt(result.inserted)} requests and ${fmt(result.events)} events in ${result.seconds.toFixed(0)} s (${fmt(result.inserted / result.seconds)} rows/s)`);
  // What autovacuum would do in time: fresh statistics and visibility maps for the plans measured next.
  const t0 = performance.now();
  await db.execute(sql`vacuum (analyze) requests, request_events, request_counters, request_rollup_counters`);
  console.log(`  vacuum analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return countGenerated(db, tree, ds);
}

// ——— Timing ———

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function get(url: string, token?: string): Promise<number> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);
  await res.arrayBuffer();
  return res.status;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function post(url: string, token: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

const others = (d: Drive, ok: number) => [...d.statuses.entries()].filter(([s]) => s !== ok);

async function signIn(db: Db, userIds: number[]): Promise<string[]> {
  const now = new Date();
  const made = userIds.map(() => newToken());
  await db.insert(sessions).values(
    userIds.map((userId, i) => ({ tokenHash: made[i]!.tokenHash, userId, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) })),
  );
  return made.map((m) => m.token);
}

interface RatesTiming {
  requests: number;
  counterRows: number;
  received: number;
  httpMs: number;
  bareMs: number;
  directMs: number;
  select1Ms: number;
}

/** The rates of the city over the year, repeated: median through HTTP and in process, with their baselines. */
async function timeRates(
  ctx: AppContext,
  tree: RegionTree,
  ds: Dataset,
  urls: { base: string; bare: string },
  token: string,
  principal: Principal,
  requests: number,
  reps: number,
): Promise<RatesTiming> {
  const query = { nodeId: tree.cityId, from: ds.fromMonth, to: ds.toMonth };
  const url = `${urls.base}/requests/rates?nodeId=${query.nodeId}&from=${query.from}&to=${query.to}`;
  const [counter] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from request_rollup_counters c join org_nodes n on n.id = c.org_node_id
        where n.path <@ (select path from org_nodes where id = ${tree.cityId}) and c.month >= ${`${ds.fromMonth}-01`}::date and c.month <= ${`${ds.toMonth}-01`}::date`,
  );
  const sample = await getJson<{ totals: { received: number } }>(url, token);
  for (let i = 0; i < 3; i++) {
    await get(url, token);
    await get(urls.bare);
    await rates(ctx, principal, query);
  }
  const http: number[] = [];
  const bare: number[] = [];
  const direct: number[] = [];
  const select1: number[] = [];
  for (let i = 0; i < reps; i++) {
    bare.push(await timeOnce(() => get(urls.bare)));
    http.push(await timeOnce(() => get(url, token)));
    select1.push(await timeOnce(() => ctx.db.execute(sql`select 1`)));
    direct.push(await timeOnce(() => rates(ctx, principal, query)));
  }
  return {
    requests,
    counterRows: Number(counter!.n),
    received: sample.totals.received,
    httpMs: median(http),
    bareMs: median(bare),
    directMs: median(direct),
    select1Ms: median(select1),
  };
}

function printRates(title: string, t: RatesTiming, reps: number): void {
  console.log(`\n${title}`);
  console.log(`  requests in the data set     ${fmt(t.requests)} (the city received ${fmt(t.received)} of them in the year)`);
  console.log(`  roll-up rows summed          ${fmt(t.counterRows)}   (request_rollup_counters: one per town and month)`);
  console.log(`  GET /requests/rates          median ${ms(t.httpMs)}   bare route ${ms(t.bareMs)}   ratio ${ratio(t.httpMs, t.bareMs)}   (${reps} calls)`);
  console.log(`  rates() in process           median ${ms(t.directMs)}   select 1   ${ms(t.select1Ms)}   ratio ${ratio(t.directMs, t.select1Ms)}`);
}

// ——— EXPLAIN ———

interface Captured {
  query: string;
  params: unknown[];
}

/** A drizzle database on its own small pool that records every statement it sends. */
function capturingDb(url: string): { db: Db; captured: Captured[]; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const captured: Captured[] = [];
  const db = drizzle({ client: pool, schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;
  return { db, captured, pool };
}

async function explainAll(pool: pg.Pool, label: string, statements: Captured[], full: boolean): Promise<void> {
  console.log(`\n  ${label}`);
  for (const s of statements) {
    // The second run: the first on a fresh connection also pays for loading the catalog caches.
    await pool.query(`explain (analyze, buffers) ${s.query}`, s.params);
    const res = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.query}`, s.params);
    const lines = res.rows.map((r) => r['QUERY PLAN']);
    const time = (label: string) => lines.find((l) => l.startsWith(label))?.replace(/^.*: /, '') ?? '?';
    const buffers = lines.find((l) => l.trim().startsWith('Buffers:'))?.trim() ?? 'Buffers: none';
    const head = s.query.replace(/\s+/g, ' ').slice(0, 70);
    console.log(`    plan ${time('Planning Time').padStart(9)}  run ${time('Execution Time').padStart(10)}  ${buffers}  ← ${head}…`);
    if (full) for (const l of lines) console.log(`        ${l}`);
  }
}

// ——— The run ———

export async function run(args: string[]): Promise<void> {
  const o = options(args);
  const shape = o.quick ? QUICK_SHAPE : REGION_SHAPE;
  const reps = o.quick ? 11 : 21;
  console.log(`\nrequests bench (PostgreSQL ${new URL(o.url).host}${new URL(o.url).pathname}, ${fmt(gridCount(shape))} grids, ${fmt(o.first)} then ${fmt(o.total)} requests, ${o.seconds}s per load measurement)`);
  await ensureDatabase(o.url, o.fresh);
  const database: Database = await openPostgres(o.url, 10);
  await migrate(database);
  const db = database.db;

  // 1. The tree.
  console.log('\n1. region tree');
  const tree = await ensureRegionTree(db, shape, (line) => console.log(line));
  console.log(`  ${tree.created ? 'built' : 'found'}: ${fmt(tree.nodes)} nodes, ${fmt(tree.grids)} grids; city ${tree.cityId}, town ${tree.townId}; ${tree.residents.length} residents for intake`);
  const ds = await ensureDataset(db, tree);
  const grids = await gridIds(db, tree);
  const workers = await gridWorkers(db, tree);

  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const [cityToken, townToken] = await signIn(db, [await staffAt(db, 'city', tree.cityId), await staffAt(db, 'town', tree.townId)]);
  const cityPrincipal = (await loadPrincipal(db, cityToken!, new Date())) as Principal;
  const urls = { base, bare: bareUrl };
  const ratesTitle = (n: number) =>
    `the three rates of city ${tree.cityId} (${fmt(tree.grids / shape.cities)} grids) over ${ds.fromMonth}…${ds.toMonth}, at ${fmt(n)} requests`;

  // 2. The first size.
  console.log(`\n2. ${fmt(o.first)} requests over ${ds.fromMonth}…${ds.toMonth}`);
  let small: RatesTiming | null = null;
  const before = await countGenerated(db, tree, ds);
  if (before > o.first) {
    console.log(`  the data set already holds ${fmt(before)} requests: the ${fmt(o.first)} figure needs a fresh database (--fresh)`);
  } else {
    const n = await grow(db, tree, ds, o.first, grids, workers);
    small = await timeRates(app.ctx, tree, ds, urls, cityToken!, cityPrincipal, n, reps);
    printRates(ratesTitle(n), small, reps);
  }

  // 3. The full size.
  console.log(`\n3. ${fmt(o.total)} requests`);
  const n = await grow(db, tree, ds, o.total, grids, workers);
  const large = await timeRates(app.ctx, tree, ds, urls, cityToken!, cityPrincipal, n, reps);
  printRates(ratesTitle(n), large, reps);
  if (small) {
    console.log(`\n  growth ${fmt(large.requests)} / ${fmt(small.requests)} requests (×${(large.requests / small.requests).toFixed(1)} data):`);
    console.log(`    roll-up rows      ×${(large.counterRows / small.counterRows).toFixed(2)}`);
    console.log(`    GET /rates        ×${(large.httpMs / small.httpMs).toFixed(2)} in time   (ratio to bare ${ratio(small.httpMs, small.bareMs)} → ${ratio(large.httpMs, large.bareMs)})`);
    console.log(`    rates() direct    ×${(large.directMs / small.directMs).toFixed(2)} in time   (ratio to select 1 ${ratio(small.directMs, small.select1Ms)} → ${ratio(large.directMs, large.select1Ms)})`);
  }

  // 4. Under load, against the bare route driven alike.
  const [busiest] = await queryRows<{ user_id: number; n: number }>(
    db,
    sql`select r.assignee_user_id as user_id, count(*)::int as n from requests r
        where r.status in ('dispatched','in_progress') and r.assignee_user_id is not null
          and r.org_node_id in (select id from org_nodes where path <@ ${tree.rootPath}::ltree)
        group by 1 order by 2 desc, 1 limit 1`,
  );
  if (!busiest) throw new Error('no grid worker has tasks');
  const [workerToken] = await signIn(db, [Number(busiest.user_id)]);
  const residentTokens = await signIn(
    db,
    tree.residents.map((r) => r.userId),
  );
  const [townCount] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from requests where org_node_id in (select id from org_nodes where path <@ (select path from org_nodes where id = ${tree.townId}))`,
  );
  const tasksUrl = `${base}/requests/tasks`;
  const ledgerUrl = `${base}/requests/ledger`;
  const tasks = await getJson<{ total: number; items: unknown[] }>(tasksUrl, workerToken!);
  const ledger = await getJson<{ total: number; totalCapped: boolean; items: unknown[] }>(ledgerUrl, townToken!);
  if (tasks.items.length === 0 || ledger.items.length === 0) throw new Error('tasks or ledger came back empty');

  const connections = 10;
  const contents = ['楼道灯不亮了，晚上上下楼很不方便', '小区门口的井盖松动，请尽快处理', '垃圾桶满了好几天没有清运', '楼上漏水，天花板发霉'];
  await drive(1, connections, () => get(bareUrl));
  await drive(1, connections, () => get(tasksUrl, workerToken));
  const bare1 = await drive(o.seconds, connections, () => get(bareUrl));
  const intake = await drive(o.seconds, connections, (i) =>
    post(`${base}/requests`, residentTokens[i % residentTokens.length]!, { channel: 'resident', content: `${contents[i % contents.length]}（基准 ${i}）` }),
  );
  const tasksLoad = await drive(o.seconds, connections, () => get(tasksUrl, workerToken));
  const ledgerLoad = await drive(o.seconds, connections, () => get(ledgerUrl, townToken));
  const bare2 = await drive(o.seconds, connections, () => get(bareUrl));
  const bareRps = (bare1.requestsPerSec + bare2.requestsPerSec) / 2;
  const bareP99 = (bare1.p99ms + bare2.p99ms) / 2;

  console.log(`\n4. under load (${connections} connections, ${o.seconds}s each; ${fmt(n)} requests in the data set)`);
  console.log(`  bare Fastify route        ${fmt(bareRps)} req/s  p50 ${ms(bare1.p50ms)}  p99 ${ms(bareP99)}  (p99 before/after ${ms(bare1.p99ms)} / ${ms(bare2.p99ms)})`);
  console.log(`  POST /requests (intake)   ${fmt(intake.requestsPerSec)} req/s  p50 ${ms(intake.p50ms)}  p99 ${ms(intake.p99ms)}  201 × ${fmt(intake.statuses.get(201) ?? 0)}, other ${JSON.stringify(others(intake, 201))}`);
  console.log(`    ratio intake/bare       ${ratio(intake.requestsPerSec, bareRps)} (throughput)   ${ratio(intake.p99ms, bareP99)} (p99)`);
  console.log(`  GET /requests/tasks       ${fmt(tasksLoad.requestsPerSec)} req/s  p50 ${ms(tasksLoad.p50ms)}  p99 ${ms(tasksLoad.p99ms)}  (grid worker ${busiest.user_id} with ${tasks.total} tasks)`);
  console.log(`    ratio tasks/bare        ${ratio(tasksLoad.p99ms, bareP99)} (p99)   ${ratio(tasksLoad.requestsPerSec, bareRps)} (throughput)`);
  console.log(`  GET /requests/ledger      ${fmt(ledgerLoad.requestsPerSec)} req/s  p50 ${ms(ledgerLoad.p50ms)}  p99 ${ms(ledgerLoad.p99ms)}  (town ${tree.townId}: ${fmt(townCount!.n)} requests, first page of ${ledger.items.length}, total ${ledger.total}${ledger.totalCapped ? '+' : ''})`);
  console.log(`    ratio ledger/bare       ${ratio(ledgerLoad.p99ms, bareP99)} (p99)   ${ratio(ledgerLoad.requestsPerSec, bareRps)} (throughput)`);
  for (const [name, d] of [
    ['intake', intake, 201],
    ['tasks', tasksLoad, 200],
    ['ledger', ledgerLoad, 200],
  ] as const) {
    if (others(d, name === 'intake' ? 201 : 200).length > 0) throw new Error(`${name} answered ${JSON.stringify(others(d, name === 'intake' ? 201 : 200))}`);
  }

  // 5. Plans.
  console.log(`\n5. EXPLAIN (ANALYZE, BUFFERS) of the statements behind each call (planning and execution time, buffers of the top node)`);
  const cap = capturingDb(o.url);
  const capCtx = { ...app.ctx, db: cap.db } as AppContext;
  const townPrincipal = (await loadPrincipal(db, townToken!, new Date())) as Principal;
  const workerPrincipal = (await loadPrincipal(db, workerToken!, new Date())) as Principal;
  const plans: [string, () => Promise<unknown>][] = [
    ['ledger first page (town admin)', () => listLedger(capCtx, townPrincipal, { sort: 'received', limit: 50, offset: 0 } as LedgerQuery)],
    ["my tasks (grid worker)", () => listTasks(capCtx, workerPrincipal, {})],
    ['rates (city, year)', () => rates(capCtx, cityPrincipal, { nodeId: tree.cityId, from: ds.fromMonth, to: ds.toMonth })],
  ];
  for (const [label, call] of plans) {
    cap.captured.length = 0;
    await call();
    await explainAll(cap.pool, label, [...cap.captured], o.explain);
  }
  await cap.pool.end();

  await app.close();
  await bare.close();
  await database.close();
}
