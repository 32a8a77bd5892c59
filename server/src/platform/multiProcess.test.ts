import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { adminQuery, templateDb, withDatabase } from '../../test/db.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { login, openEventStream, startServer, waitFor, type ServerProcess } from '../../test/serverProcess.js';
import { testDatabaseUrl } from '../config.js';
import { openPostgres, queryRows, type Database } from '../db/client.js';
import { JOB_LOCK_CLASS } from './jobLocks.js';
import { SHUTDOWN_DEADLINE_MS } from './shutdown.js';

/**
 * Two real server processes on one PostgreSQL database (docs/adr/0011): a page connected to B sees, live, the
 * notice of a request filed through A; every job runs in one process; A shuts down cleanly with a page open.
 */
const url = testDatabaseUrl();

interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
}

describe.skipIf(!url)('two server processes on one PostgreSQL', () => {
  const name = `lianxin_mp_${randomBytes(5).toString('hex')}`;
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  let communityId: number;

  beforeAll(async () => {
    await adminQuery(url!, `create database ${name} template ${templateDb()}`);
    database = await openPostgres(withDatabase(url!, name), 2);
    const tree = await createOrgTree(database.db, 'MP');
    communityId = tree.communityA.id;
    // Users exist, so neither process loads the division tree on its first start.
    await createUser(database.db, { username: 'mp.staff', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
    await createUser(database.db, { username: 'mp.resident', homeNodeId: tree.gridA1.id, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] });
    const env = { DATABASE_URL: withDatabase(url!, name) };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await database?.close();
    await adminQuery(url!, `drop database if exists ${name} with (force)`);
  });

  it('a page on B sees, live and once, the notice of a request filed on A; A’s own page too', async () => {
    const onB = await openEventStream(`${b.base}/api/v1/notifications/stream`, await login(b.base, 'mp.staff', TEST_PASSWORD));
    const onA = await openEventStream(`${a.base}/api/v1/notifications/stream`, await login(a.base, 'mp.staff', TEST_PASSWORD));
    await waitFor(() => onA.text().includes('retry:') && onB.text().includes('retry:'), 'both streams to open');

    const resident = await login(a.base, 'mp.resident', TEST_PASSWORD);
    const filed = await fetch(`${a.base}/api/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '三号楼楼道灯坏了，晚上看不见台阶' }),
    });
    expect(filed.status).toBe(201);
    const { number } = (await filed.json()) as { number: string };

    const submitted = (s: typeof onB) => s.events<Notice>('notification').filter((n) => n.kind === 'request.submitted');
    await waitFor(() => submitted(onB).length > 0, 'the notice on B');
    await waitFor(() => submitted(onA).length > 0, 'the notice on A');
    await new Promise((r) => setTimeout(r, 500)); // time for any duplicate to show up
    expect(submitted(onB)).toHaveLength(1);
    expect(submitted(onA)).toHaveLength(1);
    expect(submitted(onB)[0]!.title).toBe(`新诉求 ${number}`);
    expect(submitted(onB)[0]!.id).toBe(submitted(onA)[0]!.id);

    // The push was sent once, by one process.
    const pushes = await queryRows<{ status: string; attempts: number }>(
      database.db,
      sql`select status, attempts from outbox where channel = 'push' and (payload->'data'->>'id')::bigint = ${submitted(onB)[0]!.id}`,
    );
    expect(pushes).toEqual([{ status: 'sent', attempts: 1 }]);
    await onA.close();
    await onB.close();
  });

  it('carries a notice too large for one NOTIFY (over 8000 bytes) to B intact', async () => {
    const staff = await login(a.base, 'mp.staff', TEST_PASSWORD);
    const onB = await openEventStream(`${b.base}/api/v1/notifications/stream`, await login(b.base, 'mp.staff', TEST_PASSWORD));
    await waitFor(() => onB.text().includes('retry:'), 'the stream to open');
    const body = `请各位居民注意：${'🏠'.repeat(1_990)}`;
    const sent = await fetch(`${a.base}/api/v1/notifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nodeId: communityId, title: '停水通知', body }),
    });
    expect(sent.status).toBe(201);
    await waitFor(() => onB.events<Notice>('notification').some((n) => n.title === '停水通知'), 'the large notice on B');
    const notice = onB.events<Notice>('notification').find((n) => n.title === '停水通知')!;
    expect(Buffer.byteLength(JSON.stringify(notice))).toBeGreaterThan(8_000);
    expect(notice.body).toBe(body);
    await onB.close();
  });

  it('runs each periodic job in exactly one process', async () => {
    // Every job the app registers (requests, rooms, registry, accounts, grid work…), counted from a real app.
    const probe = await createTestApp();
    const jobs = probe.app.ctx.jobs.names().length;
    await probe.close();
    expect(jobs).toBeGreaterThan(6);
    const holders = async () =>
      queryRows<{ objid: number; n: number }>(
        database.db,
        sql`select objid::bigint as objid, count(*)::int as n from pg_locks
             where locktype = 'advisory' and classid = ${JOB_LOCK_CLASS} and objsubid = 2 and granted
               and database = (select oid from pg_database where datname = current_database())
             group by objid`,
      );
    await waitFor(async () => (await holders()).length === jobs, 'every job to have a holder');
    expect((await holders()).every((h) => h.n === 1)).toBe(true);
  });

  it('A shuts down on SIGTERM within the deadline with a page open; B carries on and A’s job locks are gone', async () => {
    const onA = await openEventStream(`${a.base}/api/v1/notifications/stream`, await login(a.base, 'mp.staff', TEST_PASSWORD));
    await waitFor(() => onA.text().includes('retry:'), 'the stream to open');
    const pidsBefore = await lockPids();
    const { code, ms } = await a.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_DEADLINE_MS);
    expect(onA.ended()).toBe(true);
    expect(a.output()).not.toMatch(/did not finish in time/);
    // Only B's lock session is left, whoever held what before.
    const pidsAfter = await lockPids();
    expect(pidsAfter.length).toBeLessThanOrEqual(1);
    expect(pidsBefore).toEqual(expect.arrayContaining(pidsAfter));
    expect((await fetch(`${b.base}/readyz`)).status).toBe(200);
  });

  async function lockPids(): Promise<number[]> {
    const rows = await queryRows<{ pid: number }>(
      database.db,
      sql`select distinct pid from pg_locks where locktype = 'advisory' and classid = ${JOB_LOCK_CLASS} and objsubid = 2
            and database = (select oid from pg_database where datname = current_database())`,
    );
    return rows.map((r) => r.pid);
  }
});
