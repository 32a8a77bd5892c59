import type pg from 'pg';
import type { JobGate } from './jobs.js';
import type { RelayLogger } from './liveRelay.js';

/** First half of every job lock's key (the two-number form keeps them apart from the migration lock's one number). */
export const JOB_LOCK_CLASS = 7114;

/** A job name's lock key: 32-bit FNV-1a, as PostgreSQL's signed int4. */
export function jobLockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * One process runs each periodic job: the first to take the job's session-level advisory lock keeps it, and
 * runs the job on every tick, until it shuts down (release) or dies (PostgreSQL ends the session and with it the
 * locks). The others try the lock on each of their ticks and take over within one interval.
 *
 * The locks live on a dedicated connection outside the pool: a pooled connection would carry them to whatever
 * borrowed it next. The jobs stay safe to run twice (row claiming, unique keys) — the lock saves the work, it
 * is not what keeps them correct (a lock can be lost with its connection while a run is still going).
 */
export class AdvisoryJobLocks implements JobGate {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connect: () => Promise<pg.Client>,
    private readonly log: RelayLogger,
  ) {}

  /** Whether this process runs the job now: it holds the lock, or has just taken it. */
  acquire(name: string): Promise<boolean> {
    // One query at a time on the connection (pg 9 will refuse overlapping ones); the jobs' timers start together.
    const turn = this.queue.then(() => this.tryLock(name));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async tryLock(name: string): Promise<boolean> {
    const client = await this.connection();
    if (this.held.has(name)) return true;
    const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [JOB_LOCK_CLASS, jobLockKey(name)]);
    const ok = result.rows[0]?.ok === true;
    // The connection may have been lost while the query ran: then the lock went with it.
    if (ok && this.client === client) this.held.add(name);
    return ok && this.client === client;
  }

  /** The jobs this process runs. */
  heldNames(): string[] {
    return [...this.held];
  }

  /** Let the other processes take every job: ending the session releases all its advisory locks. */
  async release(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    this.held.clear();
    if (client) await client.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = await this.connect();
    const lost = (err: Error | null) => {
      if (this.client !== client) return;
      this.client = null;
      if (this.held.size) this.log.warn({ err, jobs: [...this.held] }, 'job lock connection lost; the jobs go to whichever process takes them next');
      this.held.clear();
    };
    client.on('error', (err) => lost(err));
    client.on('end', () => lost(null));
    this.client = client;
    return client;
  }
}
