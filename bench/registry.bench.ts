// npm run bench -- registry [--quick] [--fresh] [--reps N]
// On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lianxin_bench_registry, created if
// missing; --quick: …/lianxin_bench_registry_quick). The data set is kept between runs and grown:
// 1. The region tree of the requests bench (25,000 grids; --quick 2,500) with 4 buildings × 2 units per grid.
// 2. A tenth of the communities filled with households and people (about 400 per community: 200,000 people; --quick
//    20,000), with residences, care tags on the elderly and a history of visits (bench/registryData.ts).
// 3. Three calls timed on the first community, as ratios of a bare Fastify route measured in the same run:
//    a staff member's registry search by name and by pinyin initials in the community, the grid worker's due list,
//    and the community's visit coverage.
// 4. Every community filled (2,000,000 people; --quick 200,000), the same calls on the same community timed again:
//    the first community holds the same people at both sizes, so the growth shows what the region's size costs.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres, queryRows, type Database } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { benchOptions, ensureDatabase, fmt, printGrowth, printTimings, signIn, timeCalls, type Call, type Timing } from './pgBench.js';
import { ensureRegionTree, gridCount, QUICK_SHAPE, REGION_SHAPE, staffAt } from './regionTree.js';
import { countPersons, ensurePlaces, fillCommunities, filledCommunities } from './registryData.js';
import { ensureVisits } from './registryVisits.js';


const itemsOf = (b: unknown) => (b as { items?: unknown[] }).items?.length ?? 0;
const totalOf = (b: unknown) => (b as { total?: number }).total;

export async function run(args: string[]): Promise<void> {
  const o = benchOptions(args, 'registry');
  const shape = o.quick ? QUICK_SHAPE : REGION_SHAPE;
  const communities = shape.cities * shape.counties * shape.towns * shape.communities;
  const firstSize = Math.max(1, Math.floor(communities / 10));
  console.log(`\nregistry bench (PostgreSQL ${new URL(o.url).host}${new URL(o.url).pathname}, ${fmt(gridCount(shape))} grids, ${fmt(firstSize)} then ${fmt(communities)} communities filled, ${o.reps} calls per figure)`);
  await ensureDatabase(o.url, o.fresh);
  const database: Database = await openPostgres(o.url, 10);
  await migrate(database);
  const db = database.db;

  console.log('\n1. region tree, buildings and units');
  const tree = await ensureRegionTree(db, shape, (line) => console.log(line));
  await ensurePlaces(db, tree, (line) => console.log(line));

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

  const [community] = await queryRows<{ id: number; grid: number }>(
    db,
    sql`select c.id, (select min(g.id) from org_nodes g where g.parent_id = c.id and g.kind = 'grid') as grid
        from org_nodes c where c.path <@ ${tree.rootPath}::ltree and c.kind = 'community' order by c.id limit 1`,
  );
  const communityId = Number(community!.id);
  const gridId = Number(community!.grid);
  const staffToken = await signIn(db, await staffAt(db, 'staff', communityId));
  const workerToken = await signIn(db, await staffAt(db, 'grid', gridId));

  const calls = (): Call[] => [
    {
      label: 'search 王 (name) in the community',
      url: `${base}/registry/persons?nodeId=${communityId}&q=${encodeURIComponent('王')}&limit=20`,
      token: staffToken,
      describe: (b) => `${itemsOf(b)} shown of ${totalOf(b) ?? '?'}`,
    },
    {
      label: 'search "wj" (pinyin initials) in the community',
      url: `${base}/registry/persons?nodeId=${communityId}&q=wj&limit=20`,
      token: staffToken,
      describe: (b) => `${itemsOf(b)} shown of ${totalOf(b) ?? '?'}`,
    },
    {
      label: "grid worker's due list",
      url: `${base}/gridwork/due`,
      token: workerToken,
      describe: (b) => `${itemsOf(b)} people due or overdue`,
    },
    {
      label: "community's visit coverage",
      url: `${base}/gridwork/coverage?nodeId=${communityId}`,
      token: staffToken,
      describe: (b) => `total ${JSON.stringify((b as { total?: unknown }).total ?? null).slice(0, 80)}`,
    },
  ];

  const grow = async (target: number, step: string) => {
    const before = (await filledCommunities(db)).length;
    if (before < target) {
      console.log(`  filling communities ${fmt(before)} → ${fmt(target)}`);
      const t0 = performance.now();
      await fillCommunities(db, tree, app.ctx.personal, target, (p) => {
        if (p.communities % 100 === 0 || before + p.communities === target) {
          console.log(`  ${step}: ${fmt(before + p.communities)}/${fmt(target)} communities, ${fmt(p.persons)} people written, ${fmt(p.persons / p.seconds)} people/s`);
        }
      });
      console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    await ensureVisits(db, tree, (line) => console.log(line));
    return countPersons(db, tree);
  };

  console.log(`\n2. ${fmt(firstSize)} communities filled`);
  const filledBefore = (await filledCommunities(db)).length;
  let small: Timing[] | null = null;
  let smallPeople = 0;
  if (filledBefore > firstSize) {
    console.log(`  the data set already holds ${fmt(filledBefore)} communities: the first figure needs a fresh database (--fresh)`);
  } else {
    smallPeople = await grow(firstSize, 'size 1');
    small = await timeCalls(calls(), bareUrl, o.reps);
    printTimings(`  ${fmt(smallPeople)} people in the region; community ${communityId}, grid ${gridId}`, small);
  }

  console.log(`\n3. every community filled`);
  const largePeople = await grow(communities, 'size 2');
  const large = await timeCalls(calls(), bareUrl, o.reps);
  printTimings(`  ${fmt(largePeople)} people in the region; community ${communityId}, grid ${gridId}`, large);
  if (small) printGrowth(largePeople / smallPeople, small, large);

  await app.close();
  await bare.close();
  await database.close();
}
