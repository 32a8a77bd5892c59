import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';

/**
 * Periodic background work (reminders, escalations, no-show release, follow-up timeouts, outbox retries).
 * Each job must be safe to run in two server processes at once: claim rows with conditional updates, unique keys
 * or `FOR UPDATE SKIP LOCKED`, never by hoping only one process runs.
 */
export interface Job {
  name: string;
  /** How often the timer runs it. */
  intervalMs: number;
  run(now: Date): Promise<void>;
}

/**
 * Decides which process runs a job on its timer. On PostgreSQL an advisory lock per job (`platform/jobLocks.ts`)
 * lets one process run it and the others skip; without a gate (PGlite: one process) every tick runs.
 */
export interface JobGate {
  acquire(name: string): Promise<boolean>;
  /** Give every job up (on shutdown), so another process takes them. */
  release(): Promise<void>;
}

export type JobOutcome = 'ok' | 'failed' | 'skipped';
/** Told about every timer tick (for /metrics); `seconds` is 0 for a skipped tick. */
export type JobObserver = (name: string, outcome: JobOutcome, seconds: number) => void;

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<JobOutcome>>();
  private gate: JobGate | null = null;
  private readonly observers: JobObserver[] = [];
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private log?: Pick<FastifyBaseLogger, 'error' | 'warn'>,
  ) {}

  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Where timer ticks ask whether this process runs the job, and where failures are logged. */
  configure(opts: { gate?: JobGate | null; log?: Pick<FastifyBaseLogger, 'error' | 'warn'> }): void {
    if (opts.gate !== undefined) this.gate = opts.gate;
    if (opts.log) this.log = opts.log;
  }

  observe(observer: JobObserver): void {
    this.observers.push(observer);
  }

  /** Run one job now (tests call this with a TestClock instead of waiting for timers). */
  async run(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    await job.run(this.clock.now());
  }

  /** Run every job once, in registration order. */
  async runAll(): Promise<void> {
    for (const name of this.jobs.keys()) await this.run(name);
  }

  /**
   * Start the timers (the server does; tests usually do not). A run still going is not started again. With a
   * gate, each job's lock is tried at once, so the processes settle who runs what before the first tick.
   */
  start(): void {
    this.stopped = false;
    for (const job of this.jobs.values()) {
      const timer = setInterval(() => void this.tick(job.name), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
      if (this.gate) this.gate.acquire(job.name).catch((err: unknown) => this.log?.warn({ err, job: job.name }, 'job lock not taken'));
    }
  }

  /** Stop the timers, wait for the runs in progress, then give up the job locks. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    await Promise.allSettled([...this.running.values()]);
    await this.gate?.release();
  }

  /**
   * One timer tick of a job: skipped when a run is still going here, when the runner is stopping, or when the
   * gate gives the job to another process; otherwise run and logged on failure.
   */
  tick(name: string): Promise<JobOutcome> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    const inProgress = this.running.get(name);
    if (inProgress || this.stopped) return Promise.resolve('skipped');
    const run = this.gatedRun(job).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async gatedRun(job: Job): Promise<JobOutcome> {
    let outcome: JobOutcome = 'ok';
    const started = performance.now();
    try {
      if (this.gate && !(await this.gate.acquire(job.name))) outcome = 'skipped';
      else await job.run(this.clock.now());
    } catch (err) {
      outcome = 'failed';
      this.log?.error({ err, job: job.name }, 'background job failed');
    }
    const seconds = outcome === 'skipped' ? 0 : (performance.now() - started) / 1000;
    for (const observe of this.observers) observe(job.name, outcome, seconds);
    return outcome;
  }
}
