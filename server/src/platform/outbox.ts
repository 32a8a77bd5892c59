import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { Clock } from './clock.js';
import { claimDue, markAttemptFailed, markSent, purgeSent, type OutboxMessage } from './outbox.repo.js';

export { enqueueOutbox, type OutboxEntry, type OutboxMessage } from './outbox.repo.js';

/**
 * Delivers outbox messages of one channel. Delivery is at-least-once: a message can arrive twice (a process
 * dying between sending and recording it), so `send` must be safe to repeat (push events carry an id the page
 * de-duplicates on; an SMS adapter should pass the outbox id as its idempotency key). Throw to have the
 * message retried later.
 */
export interface Sender {
  channel: string;
  send(message: OutboxMessage): Promise<void>;
}

export type OutboxLogger = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  senders: Sender[];
  log: OutboxLogger;
  /** Messages claimed per statement. */
  batchSize?: number;
  /** After this many attempts a message is marked 'failed' with its last error. */
  maxAttempts?: number;
  /** Delay before the next attempt, given the number of attempts made so far. */
  backoffMs?: (attempts: number) => number;
  /** How long a claimed message stays reserved for this process; longer than any send can take. */
  leaseMs?: number;
  /** A send that takes longer counts as failed (and is retried), so one hung adapter cannot hold the lease. */
  sendTimeoutMs?: number;
  /** The safety-net poll: picks up messages whose kick was missed, retries that fell due, other processes' leftovers. */
  pollMs?: number;
  /** Sent messages are deleted this long after sending (the inbox keeps the notification itself). */
  keepSentMs?: number;
}

/** How often the poll also deletes old sent messages. */
const PURGE_EVERY_MS = 3_600_000;

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function exponentialBackoff(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends committed outbox messages through the sender of their channel. Services call `kick()` right after
 * their transaction commits; a poll timer (`start`/`stop`) catches everything else. Within one process runs
 * never overlap; across processes the claim statement keeps them apart.
 */
export class OutboxDispatcher {
  private readonly senders: Map<string, Sender>;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempts: number) => number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly pollMs: number;
  private readonly keepSentMs: number;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  private kickScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: DispatcherOptions) {
    this.senders = new Map(opts.senders.map((s) => [s.channel, s]));
    this.batchSize = opts.batchSize ?? 50;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.backoffMs = opts.backoffMs ?? exponentialBackoff;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 5_000;
    this.keepSentMs = opts.keepSentMs ?? 7 * 24 * 3_600_000;
  }

  get channels(): string[] {
    return [...this.senders.keys()];
  }

  /** Deliver soon, without making the caller wait. Several kicks before the run starts make one run. */
  kick(): void {
    if (this.stopped || this.kickScheduled) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.drain().catch((err: unknown) => this.opts.log.error({ err }, 'outbox delivery run failed'));
    });
  }

  /**
   * Deliver every message that is due now, after any run already in progress. When it resolves, everything
   * committed before the call and due by the clock has been sent, rescheduled or given up.
   */
  drain(): Promise<DrainResult> {
    return this.serially(() => this.deliverUntilIdle());
  }

  /** Delete sent messages older than `keepSentMs`; the poll calls it once an hour. Returns how many went. */
  purgeSent(): Promise<number> {
    return this.serially(() => {
      const now = this.opts.clock.now();
      this.lastPurgeAt = now.getTime();
      return purgeSent(this.opts.db, new Date(now.getTime() - this.keepSentMs));
    });
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.schedulePoll();
  }

  /** Stop polling and ignore further kicks; resolves when the work in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
  }

  /** Runs in this process never overlap, and stop() can wait for the last one. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
    // The poll alone must not keep the process alive.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      await this.drain();
      if (!this.stopped && this.opts.clock.now().getTime() - this.lastPurgeAt >= PURGE_EVERY_MS) await this.purgeSent();
    } catch (err) {
      this.opts.log.error({ err }, 'outbox poll failed');
    }
    if (!this.stopped) this.schedulePoll();
  }

  private async deliverUntilIdle(): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const now = this.opts.clock.now();
      const batch = await claimDue(this.opts.db, this.channels, now, new Date(now.getTime() + this.leaseMs), this.batchSize);
      if (batch.length === 0) break;
      const result = await this.deliverBatch(batch);
      total.sent += result.sent;
      total.retried += result.retried;
      total.failed += result.failed;
      // On shutdown finish the batch in hand; what is left stays pending for the next start.
      if (this.stopped) break;
    }
    return total;
  }

  /** Channels go in parallel, so a slow SMS gateway does not hold up live page updates; within a channel, in order. */
  private async deliverBatch(batch: OutboxMessage[]): Promise<DrainResult> {
    const byChannel = new Map<string, OutboxMessage[]>();
    for (const m of batch) byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
    const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
    const sentIds: number[] = [];
    await Promise.all(
      [...byChannel].map(async ([channel, messages]) => {
        const sender = this.senders.get(channel)!;
        for (const message of messages) {
          const outcome = await this.deliverOne(sender, message);
          if (outcome === 'sent') sentIds.push(message.id);
          result[outcome]++;
        }
      }),
    );
    await markSent(this.opts.db, sentIds, this.opts.clock.now());
    return result;
  }

  private async deliverOne(sender: Sender, message: OutboxMessage): Promise<keyof DrainResult> {
    const where = { outboxId: message.id, channel: message.channel, attempts: message.attempts };
    if (message.attempts > this.maxAttempts) {
      // Claimed again after leases ran out (the process died mid-send each time): stop trying.
      await markAttemptFailed(this.opts.db, message, 'gave up: the lease expired on every attempt', null);
      this.opts.log.error(where, 'outbox message abandoned');
      return 'failed';
    }
    try {
      await withTimeout(sender.send(message), this.sendTimeoutMs);
      return 'sent';
    } catch (err) {
      const error = describeError(err);
      const giveUp = message.attempts >= this.maxAttempts;
      const retryAt = giveUp ? null : new Date(this.opts.clock.now().getTime() + this.backoffMs(message.attempts));
      await markAttemptFailed(this.opts.db, message, error, retryAt);
      if (giveUp) this.opts.log.error({ ...where, error }, 'outbox message failed for good');
      else this.opts.log.warn({ ...where, error, retryAt }, 'outbox message failed; will retry');
      return giveUp ? 'failed' : 'retried';
    }
  }
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 1000);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
