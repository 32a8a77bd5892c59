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

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly log?: FastifyBaseLogger,
  ) {}

  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  names(): string[] {
    return [...this.jobs.keys()];
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

  /** Start the timers (the server does; tests usually do not). A run still going is not started again. */
  start(): void {
    for (const job of this.jobs.values()) {
      const timer = setInterval(() => void this.tick(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  private async tick(job: Job): Promise<void> {
    if (this.running.has(job.name)) return;
    this.running.add(job.name);
    try {
      await job.run(this.clock.now());
    } catch (err) {
      this.log?.error({ err, job: job.name }, 'background job failed');
    } finally {
      this.running.delete(job.name);
    }
  }
}
