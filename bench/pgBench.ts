// Helpers shared by the benches that run on a PostgreSQL data set of their own: the database, a signed-in token,
// and timing API calls against the bare route alternately (medians, as ratios).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Db } from '../server/src/db/client.js';
import { sessions } from '../server/src/db/schema/users.js';
import { newToken } from '../server/src/platform/auth.js';
import { ratio } from './lib.js';

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function adminQuery(url: string, text: string): Promise<{ rows: unknown[] }> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The bench's own database, created when missing (dropped first with `fresh`). */
export async function ensureDatabase(url: string, fresh: boolean): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  if (fresh) await adminQuery(url, `drop database if exists ${name} with (force)`);
  const found = await adminQuery(url, `select 1 from pg_database where datname = '${name}'`);
  if (found.rows.length === 0) {
    await adminQuery(url, `create database ${name}`);
    console.log(`  created database ${name}`);
  }
}

/** A session for a user, written directly (no password hashing in the timed part). */
export async function signIn(db: Db, userId: number): Promise<string> {
  const now = new Date();
  const made = newToken();
  await db.insert(sessions).values({ tokenHash: made.tokenHash, userId, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
  return made.token;
}

export async function get(url: string, token?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);
  return { status: res.status, body: await res.text() };
}

export interface Call {
  label: string;
  url: string;
  token: string;
  /** What the answer held, for the reader to see the call did real work. */
  describe: (body: unknown) => string;
}

export interface Timing {
  label: string;
  ms: number;
  bareMs: number;
  what: string;
}

/** Each call and the bare route alternately, `reps` times after a warm-up: medians. */
export async function timeCalls(calls: Call[], bareUrl: string, reps: number): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const call of calls) {
    const first = await get(call.url, call.token);
    if (first.status !== 200) throw new Error(`${call.label}: ${call.url} answered ${first.status}: ${first.body.slice(0, 300)}`);
    for (let i = 0; i < 3; i++) {
      await get(call.url, call.token);
      await get(bareUrl);
    }
    const times: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < reps; i++) {
      let t0 = performance.now();
      await get(bareUrl);
      bare.push(performance.now() - t0);
      t0 = performance.now();
      await get(call.url, call.token);
      times.push(performance.now() - t0);
    }
    out.push({ label: call.label, ms: median(times), bareMs: median(bare), what: call.describe(JSON.parse(first.body)) });
  }
  return out;
}

export function printTimings(title: string, timings: Timing[]): void {
  console.log(`\n${title}`);
  for (const t of timings) {
    console.log(`  ${t.label.padEnd(44)} median ${ms(t.ms).padStart(9)}   bare ${ms(t.bareMs).padStart(8)}   ratio ${ratio(t.ms, t.bareMs).padStart(7)}   ${t.what}`);
  }
}

/** The same calls at two sizes: how much slower each got as the data grew. */
export function printGrowth(growth: number, small: Timing[], large: Timing[]): void {
  console.log(`\n  growth ×${growth.toFixed(1)} in data:`);
  for (let i = 0; i < large.length; i++) {
    const a = small[i]!;
    const b = large[i]!;
    console.log(`    ${b.label.padEnd(44)} ×${(b.ms / a.ms).toFixed(2)} in time   (ratio to bare ${ratio(a.ms, a.bareMs)} → ${ratio(b.ms, b.bareMs)})`);
  }
}

export interface BenchOptions {
  quick: boolean;
  fresh: boolean;
  reps: number;
  url: string;
}

/** `--quick`, `--fresh`, `--reps N` and the bench's own database (BENCH_DATABASE_URL, or lianxin_bench_<name>[_quick]). */
export function benchOptions(args: string[], name: string): BenchOptions {
  const quick = args.includes('--quick');
  const i = args.indexOf('--reps');
  const reps = i >= 0 ? Number(args[i + 1]) : quick ? 15 : 31;
  if (!Number.isInteger(reps) || reps < 3) throw new Error('--reps needs a whole number of at least 3');
  return {
    quick,
    fresh: args.includes('--fresh'),
    reps,
    url: process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/lianxin_bench_${name}${quick ? '_quick' : ''}`,
  };
}
