import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.js';
import { queryRows, type Database } from '../db/client.js';
import { TestClock } from './clock.js';
import { AdvisoryJobLocks, JOB_LOCK_CLASS, jobLockKey } from './jobLocks.js';
import { JobRunner, type JobGate, type JobOutcome } from './jobs.js';
import type { RelayLogger } from './liveRelay.js';

const quiet: RelayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A gate that says yes to the jobs in `mine`, and remembers being released. */
function fakeGate(mine: string[]): JobGate & { released: number } {
  return {
    released: 0,
    acquire: async (name) => mine.includes(name),
    async release() {
      this.released++;
    },
  };
}

describe('JobRunner', () => {
  it('runs a tick only where the gate gives it the job, and tells the observer every outcome', async () => {
    const runner = new JobRunner(new TestClock());
    const ran: string[] = [];
    runner.register({ name: 'mine', intervalMs: 60_000, run: async () => void ran.push('mine') });
    runner.register({ name: 'theirs', intervalMs: 60_000, run: async () => void ran.push('theirs') });
    runner.register({ name: 'broken', intervalMs: 60_000, run: () => Promise.reject(new Error('boom')) });
    const gate = fakeGate(['mine', 'broken']);
    const errors: unknown[] = [];
    runner.configure({ gate, log: { error: (o: unknown) => void errors.push(o), warn: () => undefined } });
    const seen: [string, JobOutcome][] = [];
    runner.observe((name, outcome) => seen.push([name, outcome]));

    expect(await runner.tick('mine')).toBe('ok');
    expect(await runner.tick('theirs')).toBe('skipped');
    expect(await runner.tick('broken')).toBe('failed');
    expect(ran).toEqual(['mine']);
    expect(seen).toEqual([
      ['mine', 'ok'],
      ['theirs', 'skipped'],
      ['broken', 'failed'],
    ]);
    expect(errors).toHaveLength(1);
  });

  it('does not start a run while one is going, and stop() waits for it before releasing the gate', async () => {
    const runner = new JobRunner(new TestClock());
    let finish!: () => void;
    let finished = false;
    runner.register({
      name: 'slow',
      intervalMs: 60_000,
      run: () => new Promise<void>((resolve) => (finish = resolve)).then(() => void (finished = true)),
    });
    const gate = fakeGate(['slow']);
    runner.configure({ gate });
    const first = runner.tick('slow');
    await new Promise((r) => setTimeout(r, 10));
    expect(await runner.tick('slow')).toBe('skipped');
    const stopping = runner.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(gate.released).toBe(0);
    finish();
    await stopping;
    expect(finished).toBe(true);
    expect(await first).toBe('ok');
    expect(gate.released).toBe(1);
    expect(await runner.tick('slow')).toBe('skipped'); // stopped
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('advisory job locks on PostgreSQL', () => {
  let database: Database;
  const gates: AdvisoryJobLocks[] = [];
  const gate = () => {
    const g = new AdvisoryJobLocks(database.connectDedicated!, quiet);
    gates.push(g);
    return g;
  };
  /** Backends holding the job's lock, from pg_locks. */
  const holders = async (name: string) =>
    (
      await queryRows<{ pid: number }>(
        database.db,
        sql`select pid from pg_locks where locktype = 'advisory' and classid = ${JOB_LOCK_CLASS} and objid = ${jobLockKey(name) >>> 0} and objsubid = 2 and granted`,
      )
    ).map((r) => r.pid);

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    for (const g of gates) await g.release();
    await database?.close();
  });

  it('gives each job to one process; releasing hands it to the next; a lost connection gives it up', async () => {
    const a = gate();
    const b = gate();
    expect(await a.acquire('requests.reminders')).toBe(true);
    expect(await b.acquire('requests.reminders')).toBe(false);
    expect(await b.acquire('rooms.release_no_shows')).toBe(true);
    expect(await a.acquire('requests.reminders')).toBe(true); // still A's, on every tick
    expect(await holders('requests.reminders')).toHaveLength(1);
    expect(a.heldNames()).toEqual(['requests.reminders']);

    await a.release();
    expect(await holders('requests.reminders')).toEqual([]);
    expect(await b.acquire('requests.reminders')).toBe(true);
    expect((await holders('requests.reminders'))[0]).toBe((await holders('rooms.release_no_shows'))[0]);

    // The server ends B's session: its locks go with it, B notices, and A can take the jobs.
    const [pid] = await holders('rooms.release_no_shows');
    await database.db.execute(sql`select pg_terminate_backend(${pid})`);
    for (let i = 0; i < 100 && b.heldNames().length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(b.heldNames()).toEqual([]);
    expect(await a.acquire('rooms.release_no_shows')).toBe(true);
    expect(await b.acquire('rooms.release_no_shows')).toBe(false); // B reconnects, finds A holding it
  });

  it('gives every job its own lock key', () => {
    const names = ['requests.reminders', 'requests.escalations', 'requests.follow_up_timeouts', 'rooms.release_no_shows', 'requests.task_files_cleanup'];
    expect(new Set(names.map(jobLockKey)).size).toBe(names.length);
    for (const n of names) expect(Number.isInteger(jobLockKey(n)) && Math.abs(jobLockKey(n)) < 2 ** 31).toBe(true);
  });
});
