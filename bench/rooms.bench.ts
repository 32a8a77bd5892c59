// npm run bench -- rooms [seconds]
// 1. Booking under contention: 50 clients book random one-hour slots from a small pool (2 rooms × 3 days × 14 h)
//    as different residents, so most requests collide; the database's exclusion constraint decides. Throughput
//    and latency as ratios of a bare Fastify route driven the same way; afterwards no two holding bookings overlap.
// 2. 50 residents pressing "book" on the same slot at once, in rounds: time per round (exactly one wins) as a
//    ratio of 50 simultaneous requests to the bare route.
// 3. Availability of a center with 30 rooms over a month (31 days, ~2,800 bookings): GET
//    /rooms/centers/:id/availability, as a ratio of the bare route.
// PGlite in memory by default; PostgreSQL with BENCH_DATABASE_URL.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPglite, openPostgres, queryRows, type Database } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { sessions } from '../server/src/db/schema/users.js';
import { insertServiceCenter } from '../server/src/modules/org/serviceCenter.repo.js';
import { insertSchedule, replaceRules } from '../server/src/modules/rooms/hours.repo.js';
import { insertRoom } from '../server/src/modules/rooms/rooms.repo.js';
import { newCheckinToken } from '../server/src/modules/rooms/rooms.service.js';
import { newToken } from '../server/src/platform/auth.js';
import { dayOfInstant, formatDay } from '../server/src/platform/calendarDays.js';
import { createOrgTree, createUser } from '../server/test/factories.js';
import { drive, load, ratio } from './lib.js';

async function get(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

async function post(url: string, token: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

const china = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

async function world(database: Database) {
  const db = database.db;
  const now = new Date();
  const tree = await createOrgTree(db, `RB${Date.now() % 100000}`);
  const center = await insertServiceCenter(db, { orgNodeId: tree.communityA.id, kind: 'center', name: `基准中心${Date.now()}`, createdAt: now });
  const schedule = await insertSchedule(db, { serviceCenterId: center.id, name: '功能室', purpose: 'rooms', holidayMode: 'open', createdAt: now, updatedAt: now });
  await replaceRules(db, schedule.id, [{ weekdays: [1, 2, 3, 4, 5, 6, 7], opensMin: 8 * 60, closesMin: 22 * 60, validFrom: null, validTo: null }]);
  const rooms = [];
  for (let i = 1; i <= 30; i++) {
    rooms.push(
      await insertRoom(db, {
        serviceCenterId: center.id,
        scheduleId: schedule.id,
        name: `功能室${i}`,
        kind: 'other',
        checkinToken: newCheckinToken(),
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
  const tokens: string[] = [];
  for (let i = 0; i < 200; i++) {
    const user = await createUser(db, { username: `rb.${Date.now()}.${i}`, homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.communityA.id }] });
    const { token, tokenHash } = newToken();
    await db.insert(sessions).values({ tokenHash, userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
    tokens.push(token);
  }
  return { center, rooms, tokens, userIds: tokens.length };
}

export async function run(args: string[]): Promise<void> {
  const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const pgUrl = process.env.BENCH_DATABASE_URL;
  const database = pgUrl ? await openPostgres(pgUrl, 10) : await openPglite(undefined);
  await migrate(database);
  const w = await world(database);
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const today = dayOfInstant(Date.now());
  const day = (k: number) => formatDay(today + k);
  console.log(`\nrooms bench (database: ${database.kind}, ${seconds}s per measurement)`);

  // 1. Contention.
  const pool: { roomId: number; date: string; hour: number }[] = [];
  for (const room of w.rooms.slice(0, 2)) for (let d = 1; d <= 3; d++) for (let h = 8; h < 22; h++) pool.push({ roomId: room.id, date: day(d), hour: h });
  // A fixed pseudo-random sequence (LCG), so runs collide alike: slots are asked for again and again.
  let seed = 20201022;
  const pick = () => pool[(seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % pool.length]!;
  await drive(1, 50, () => get(bareUrl));
  const bare1 = await drive(seconds, 50, () => get(bareUrl));
  const booked = await drive(seconds, 50, (n) => {
    const slot = pick();
    return post(`${base}/bookings`, w.tokens[n % w.tokens.length]!, { roomId: slot.roomId, startsAt: china(slot.date, slot.hour), endsAt: china(slot.date, slot.hour + 1) });
  });
  const bare2 = await drive(seconds, 50, () => get(bareUrl));
  const bareRps = (bare1.requestsPerSec + bare2.requestsPerSec) / 2;
  const won = booked.statuses.get(201) ?? 0;
  const refused = booked.statuses.get(409) ?? 0;
  const other = [...booked.statuses.entries()].filter(([s]) => s !== 201 && s !== 409);
  const [overlaps] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from bookings a join bookings b on a.room_id = b.room_id and a.id < b.id
        and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        where a.status in ('pending','confirmed','checked_in') and b.status in ('pending','confirmed','checked_in')`,
  );
  console.log(`\n1. booking under contention (50 clients, ${pool.length} one-hour slots in 2 rooms)`);
  console.log(`  bare Fastify route      ${bareRps.toFixed(0)} req/s  p50 ${bare1.p50ms.toFixed(1)} ms  p99 ${bare1.p99ms.toFixed(1)} ms`);
  console.log(`  POST /bookings          ${booked.requestsPerSec.toFixed(0)} req/s  p50 ${booked.p50ms.toFixed(1)} ms  p99 ${booked.p99ms.toFixed(1)} ms`);
  console.log(`    201 booked ${won}, 409 refused ${refused}, other ${other.length ? JSON.stringify(other) : 'none'}, overlapping pairs ${overlaps!.n}`);
  console.log(`  ratio booking/bare      ${ratio(booked.requestsPerSec, bareRps)} (throughput)   ${ratio(booked.p99ms, bare1.p99ms)} (p99 latency)`);
  if (other.length > 0 || overlaps!.n !== 0 || won > pool.length) throw new Error('booking under contention answered errors or let bookings overlap');

  // 2. Fifty at once on one slot, in rounds.
  const rounds = 10;
  const roundTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => get(bareUrl)));
    bareTimes.push(performance.now() - t0);
    const body = { roomId: w.rooms[2]!.id, startsAt: china(day(1 + r), 19), endsAt: china(day(1 + r), 21) };
    const t1 = performance.now();
    const statuses = await Promise.all(w.tokens.slice(0, 50).map((token) => post(`${base}/bookings`, token, body)));
    roundTimes.push(performance.now() - t1);
    if (statuses.filter((s) => s === 201).length !== 1 || statuses.filter((s) => s === 409).length !== 49) throw new Error(`round ${r}: ${JSON.stringify(statuses)}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\n2. 50 residents booking one slot at once (${rounds} rounds; each: 1 × 201, 49 × 409)`);
  console.log(`  bare route, 50 at once  median ${median(bareTimes).toFixed(1)} ms per round`);
  console.log(`  POST /bookings, 50      median ${median(roundTimes).toFixed(1)} ms per round`);
  console.log(`  ratio booking/bare      ${ratio(median(roundTimes), median(bareTimes))} (time per round)`);

  // 3. Availability of 30 rooms over a month.
  const from = day(1);
  const to = day(31);
  await database.db.execute(sql`
    insert into bookings (room_id, booked_by, starts_at, ends_at, status, created_at)
    select r.id, (select min(id) from users), d + s.starts, d + s.starts + interval '2 hours', 'confirmed', now()
    from rooms r
    cross join generate_series(${from}::date, ${to}::date, interval '1 day') as g(day)
    cross join lateral (select (g.day::timestamp at time zone 'Asia/Shanghai') as d) as dd
    cross join (values (interval '9 hours'), (interval '14 hours'), (interval '19 hours')) as s(starts)
    where r.service_center_id = ${w.center.id} and r.id not in (${w.rooms[0]!.id}, ${w.rooms[1]!.id}, ${w.rooms[2]!.id})
    on conflict do nothing`);
  const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from bookings b join rooms r on r.id = b.room_id where r.service_center_id = ${w.center.id}`);
  const url = `${base}/rooms/centers/${w.center.id}/availability?from=${from}&to=${to}`;
  const headers = { authorization: `Bearer ${w.tokens[0]}` };
  const check = await fetch(url, { headers });
  const sample = (await check.json()) as { rooms: { days: unknown[] }[] };
  if (check.status !== 200 || sample.rooms.length !== 30 || sample.rooms[0]!.days.length !== 31) throw new Error(`availability answered ${check.status}`);
  await load(url, { seconds: 1, headers });
  const bareA = await load(bareUrl, { seconds, connections: 10 });
  const avail = await load(url, { seconds, connections: 10, headers });
  const bareB = await load(bareUrl, { seconds, connections: 10 });
  const bareAvg = (bareA.requestsPerSec + bareB.requestsPerSec) / 2;
  console.log(`\n3. availability of a center with 30 rooms over 31 days (${count!.n} bookings; 10 connections)`);
  console.log(`  bare Fastify route      ${bareAvg.toFixed(0)} req/s  p50 ${bareA.p50ms} ms  p99 ${bareA.p99ms} ms`);
  console.log(`  GET …/availability      ${avail.requestsPerSec.toFixed(1)} req/s  p50 ${avail.p50ms} ms  p99 ${avail.p99ms} ms  non-2xx ${avail.non2xx}`);
  console.log(`  ratio availability/bare ${ratio(avail.requestsPerSec, bareAvg)} (throughput)   ${ratio(avail.p50ms, bareA.p50ms || 1)} (p50 latency)`);
  if (avail.non2xx > 0 || avail.errors > 0) throw new Error('availability answered errors under load');

  await app.close();
  await database.close();
  await bare.close();
}
