import http from 'node:http';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { openEventStream, slowLogin, waitFor } from '../../test/serverProcess.js';
import { queryRows, type Db } from '../db/client.js';
import { RELEASE_JOB } from '../modules/rooms/noShows.js';
import { JOB_LOCK_CLASS, jobLockKey } from './jobLocks.js';
import { multiProcessOf } from './multiProcess.js';
import { gracefulShutdown, SHUTDOWN_DEADLINE_MS } from './shutdown.js';

const quiet = { info: () => undefined, error: () => undefined };

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describe('graceful shutdown', () => {
  let t: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    const tree = await createOrgTree(t.database.db, 'SD');
    await createUser(t.database.db, { username: 'sd.user', homeNodeId: tree.communityA.id });
    token = await loginAs(t.app, 'sd.user', TEST_PASSWORD);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });

  it('refuses new connections, finishes the request in flight, ends open streams, releases the job lock, exits 0', async () => {
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/notifications/stream`, token);
    await waitFor(() => stream.text().includes('retry:'), 'the stream to open');
    await t.app.ctx.jobs.tick(RELEASE_JOB); // on PostgreSQL this process now holds the job's lock
    const locks = multiProcessOf(t.app.ctx).locks;
    if (locks) expect(locks.heldNames()).toEqual([RELEASE_JOB]);
    let arrived = false;
    t.app.server.once('request', () => (arrived = true));
    const inFlight = slowLogin(port, 'sd.user');
    await waitFor(() => arrived, 'the login to reach the server');

    const exits: number[] = [];
    let lockHoldersAtDbClose = -1;
    const onPostgres = t.database.kind === 'postgres';
    const database = {
      ...t.database,
      async close() {
        // Everything else has stopped by now: nobody may hold the job's lock any more.
        if (onPostgres) lockHoldersAtDbClose = await jobLockHolders(t.database.db);
        await t.database.close();
      },
    };
    const started = Date.now();
    const done = gracefulShutdown({ app: t.app, database, log: quiet, exit: (code) => void exits.push(code) })('SIGTERM');

    await waitFor(() => stream.ended(), 'the open stream to end');
    await waitFor(() => connectionRefused(port), 'new connections to be refused');
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe('invalid_credentials');

    await done;
    expect(exits).toEqual([0]);
    // Well inside the deadline, and shorter than Node's 5 s keep-alive timeout: the login's kept-alive connection
    // is closed as soon as its answer has gone, not left to time out.
    expect(Date.now() - started).toBeLessThan(Math.min(SHUTDOWN_DEADLINE_MS, 4_500));
    if (onPostgres) expect(lockHoldersAtDbClose).toBe(0);
    if (locks) expect(locks.heldNames()).toEqual([]);
    await stream.close();
  });
});

describe('the shutdown deadline', () => {
  it('exits 1 when something still runs at the deadline', async () => {
    const t = await createTestApp();
    let finishJob!: () => void;
    t.app.ctx.jobs.register({ name: 'test.stuck', intervalMs: 60_000, run: () => new Promise<void>((r) => (finishJob = r)) });
    const running = t.app.ctx.jobs.tick('test.stuck');
    const exits: number[] = [];
    const started = Date.now();
    const done = gracefulShutdown({ app: t.app, database: t.database, log: quiet, deadlineMs: 1_000, exit: (code) => void exits.push(code) })(
      'SIGTERM',
    );
    await waitFor(() => exits.length > 0, 'the deadline', 5_000);
    expect(exits).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    // Let the stuck job end so the app and its database close.
    finishJob();
    await running;
    await done;
  }, 120_000);
});

/** Sessions holding the job's lock in this test's database. */
async function jobLockHolders(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${JOB_LOCK_CLASS}
          and objid = ${jobLockKey(RELEASE_JOB) >>> 0} and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())`,
  );
  return row!.n;
}
