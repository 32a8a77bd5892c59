// npm run bench -- platform
// 1. Authenticated GET /api/v1/me throughput and latency, as a ratio of a bare Fastify route in the same run.
// 2. Memory (RSS) of the embedded server after start with the demo data, as a ratio of a bare Fastify process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPglite, openPostgres } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../server/test/factories.js';
import { load, ratio, rssMiB, startProcess, stopProcess, waitForHttp } from './lib.js';

const root = path.resolve(import.meta.dirname, '..');

async function throughput(seconds: number): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const pgUrl = process.env.BENCH_DATABASE_URL;
  const database = pgUrl ? await openPostgres(pgUrl) : await openPglite(undefined);
  await migrate(database);
  const tree = await createOrgTree(database.db, `B${Date.now() % 100000}`);
  const username = `bench.${Date.now()}`;
  await createUser(database.db, { username, homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };

  // Warm up both, then measure the baseline on either side of the real route to even out drift.
  await load(bareUrl, { seconds: 1 });
  await load(`${base}/api/v1/me`, { seconds: 1, headers: { authorization: `Bearer ${token}` } });
  const bare1 = await load(bareUrl, { seconds });
  const me = await load(`${base}/api/v1/me`, { seconds, headers: { authorization: `Bearer ${token}` } });
  const bare2 = await load(bareUrl, { seconds });
  const bareRps = (bare1.requestsPerSec + bare2.requestsPerSec) / 2;

  console.log(`\nthroughput (${seconds}s each, 10 connections, database: ${database.kind})`);
  console.log(`  bare Fastify route      ${bareRps.toFixed(0)} req/s  p99 ${bare1.p99ms} ms`);
  console.log(`  GET /api/v1/me (auth)   ${me.requestsPerSec.toFixed(0)} req/s  p99 ${me.p99ms} ms  non-2xx ${me.non2xx}`);
  console.log(`  ratio me/bare           ${ratio(me.requestsPerSec, bareRps)}`);
  if (me.non2xx > 0 || me.errors > 0) throw new Error('the authenticated route answered errors under load');

  await app.close();
  await database.close();
  await bare.close();
}

async function memory(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'server/dist/main.js'))) {
    const r = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('server build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-'));
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const server = startProcess([path.join(root, 'server/dist/main.js')], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
  });
  const bare = startProcess([path.join(import.meta.dirname, 'bare-server.mjs'), String(port + 1)], {});
  try {
    const t0 = Date.now();
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 300_000);
    const startSeconds = (Date.now() - t0) / 1000;
    await waitForHttp(`http://127.0.0.1:${port + 1}/healthz`, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const serverRss = rssMiB(server.pid!);
    const bareRss = rssMiB(bare.pid!);
    console.log(`\nmemory after start (embedded PGlite, demo data with the Inner Mongolia tree; first start took ${startSeconds.toFixed(1)} s)`);
    console.log(`  bare Fastify process    ${bareRss.toFixed(1)} MiB RSS`);
    console.log(`  Lianxin server          ${serverRss.toFixed(1)} MiB RSS`);
    console.log(`  ratio server/bare       ${ratio(serverRss, bareRss)}`);
  } finally {
    await stopProcess(server);
    await stopProcess(bare);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  await throughput(seconds);
  if (!args.includes('--no-memory')) await memory();
}
