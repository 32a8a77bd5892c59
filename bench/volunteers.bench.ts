// npm run bench -- volunteers [--quick] [--fresh] [--reps N]
// On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lianxin_bench_volunteers, created if
// missing; --quick: …/lianxin_bench_volunteers_quick). The data set is kept between runs and grown:
// 1. The region tree of the requests bench (25,000 grids; --quick 2,500); the bench fills its first city.
// 2. A tenth of the city's communities filled (bench/volunteerData.ts: 128 volunteers, two or three teams and a year
//    of fortnightly activities with sign-ups and hour entries per community), then the calls timed as ratios of a
//    bare Fastify route measured in the same run: a volunteer's own hours and total (the phone's 服务时长), and a
//    community's, a town's and the city's monthly statistics.
// 3. Every community of the city filled (about 160,000 volunteers and 3,500 teams; --quick a fifth of that), the same
//    calls timed again. The community and the town hold the same rows at both sizes; the city grows tenfold.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres, queryRows, type Database } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { benchOptions, ensureDatabase, fmt, printGrowth, printTimings, signIn, timeCalls, type Call, type Timing } from './pgBench.js';
import { ensureRegionTree, QUICK_SHAPE, REGION_SHAPE, staffAt } from './regionTree.js';
import { analyzeVolunteering, fillVolunteerCommunities, filledVolunteerCommunities } from './volunteerData.js';


interface Totals {
  totals: { volunteers: number; activities: number; confirmedHours: number };
  months: unknown[];
}
const describeStats = (b: unknown) => {
  const s = b as Totals;
  return `${fmt(s.totals.volunteers)} volunteers, ${fmt(s.totals.activities)} activities, ${fmt(s.totals.confirmedHours)} h over ${s.months.length} months`;
};

/** The account of the first volunteer of a community (made once, with the resident role at their grid). */
async function volunteerAccount(db: Database['db'], communityId: number): Promise<number> {
  const [v] = await queryRows<{ id: number; node: number; user: number | null }>(
    db,
    sql`select id, node_id as node, user_id as user from volunteers where community_id = ${communityId} order by id limit 1`,
  );
  if (!v) throw new Error('the first community has no volunteers yet');
  if (v.user) return Number(v.user);
  const [u] = await queryRows<{ id: number }>(
    db,
    sql`insert into users (username, display_name, name_pinyin, name_initials, password_hash, home_node_id)
        values (${`bench.volunteer.${v.id}`}, '志愿者', 'zhiyuanzhe', 'zyz', 'x', ${v.node}) returning id`,
  );
  await db.execute(sql`insert into role_assignments (user_id, role, org_node_id) values (${u!.id}, 'resident', ${v.node})`);
  await db.execute(sql`update volunteers set user_id = ${u!.id} where id = ${v.id}`);
  return Number(u!.id);
}

export async function run(args: string[]): Promise<void> {
  const o = benchOptions(args, 'volunteers');
  const shape = o.quick ? QUICK_SHAPE : REGION_SHAPE;
  const cityCommunities = shape.counties * shape.towns * shape.communities;
  const firstSize = Math.max(1, Math.floor(cityCommunities / 10));
  console.log(`\nvolunteers bench (PostgreSQL ${new URL(o.url).host}${new URL(o.url).pathname}, one city of ${fmt(cityCommunities)} communities, ${fmt(firstSize)} then all filled, ${o.reps} calls per figure)`);
  await ensureDatabase(o.url, o.fresh);
  const database: Database = await openPostgres(o.url, 10);
  await migrate(database);
  const db = database.db;

  console.log('\n1. region tree');
  const tree = await ensureRegionTree(db, shape, (line) => console.log(line));
  const [city] = await queryRows<{ path: string }>(db, sql`select path::text as path from org_nodes where id = ${tree.cityId}`);
  const [first] = await queryRows<{ community: number; town: number }>(
    db,
    sql`select c.id as community, c.parent_id as town from org_nodes c where c.path <@ ${city!.path}::ltree and c.kind = 'community' order by c.id limit 1`,
  );
  const communityId = Number(first!.community);
  const townId = Number(first!.town);

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
  const staff = await signIn(db, await staffAt(db, 'staff', communityId));
  const townAdmin = await signIn(db, await staffAt(db, 'town', townId));
  const cityAdmin = await signIn(db, await staffAt(db, 'city', tree.cityId));

  // A volunteer of the first community with an account of their own, for the phone's "my hours" (once it is filled).
  let volunteerToken = '';
  const calls = async (): Promise<Call[]> => {
    volunteerToken ||= await signIn(db, await volunteerAccount(db, communityId));
    return [
    {
      label: "a volunteer's own hours and total",
      url: `${base}/hour-entries/mine?limit=20`,
      token: volunteerToken,
      describe: (b) => {
        const m = b as { confirmedMinutes: number; total: number };
        return `${fmt(m.confirmedMinutes / 60)} h confirmed, ${fmt(m.total)} entries`;
      },
    },
    { label: "community's monthly statistics", url: `${base}/volunteer-stats?nodeId=${communityId}`, token: staff, describe: describeStats },
    { label: "town's monthly statistics", url: `${base}/volunteer-stats?nodeId=${townId}`, token: townAdmin, describe: describeStats },
      { label: "city's monthly statistics", url: `${base}/volunteer-stats?nodeId=${tree.cityId}`, token: cityAdmin, describe: describeStats },
    ];
  };

  const grow = async (target: number, step: string) => {
    const before = await filledVolunteerCommunities(db);
    if (before < target) {
      console.log(`  filling communities ${fmt(before)} → ${fmt(target)}`);
      const t0 = performance.now();
      await fillVolunteerCommunities(db, city!.path, target, (p) => {
        if (p.communities % 100 === 0 || before + p.communities === target) {
          console.log(`  ${step}: ${fmt(before + p.communities)}/${fmt(target)} communities, ${fmt(p.volunteers)} volunteers and ${fmt(p.entries)} hour entries written, ${fmt(p.entries / p.seconds)} entries/s`);
        }
      });
      await analyzeVolunteering(db);
      console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const [n] = await queryRows<{ volunteers: number; teams: number; entries: number }>(
      db,
      sql`select (select count(*) from volunteers)::int as volunteers, (select count(*) from volunteer_teams)::int as teams, (select count(*) from hour_entries)::int as entries`,
    );
    return { volunteers: Number(n!.volunteers), teams: Number(n!.teams), entries: Number(n!.entries) };
  };

  console.log(`\n2. ${fmt(firstSize)} communities filled`);
  const filledBefore = await filledVolunteerCommunities(db);
  let small: Timing[] | null = null;
  let smallEntries = 0;
  if (filledBefore > firstSize) {
    console.log(`  the data set already holds ${fmt(filledBefore)} communities: the first figure needs a fresh database (--fresh)`);
  } else {
    const size = await grow(firstSize, 'size 1');
    smallEntries = size.entries;
    small = await timeCalls(await calls(), bareUrl, o.reps);
    printTimings(`  ${fmt(size.volunteers)} volunteers, ${fmt(size.teams)} teams, ${fmt(size.entries)} hour entries`, small);
  }

  console.log('\n3. every community of the city filled');
  const size = await grow(cityCommunities, 'size 2');
  const large = await timeCalls(await calls(), bareUrl, o.reps);
  printTimings(`  ${fmt(size.volunteers)} volunteers, ${fmt(size.teams)} teams, ${fmt(size.entries)} hour entries`, large);
  if (small) printGrowth(size.entries / smallEntries, small, large);

  await app.close();
  await bare.close();
  await database.close();
}
