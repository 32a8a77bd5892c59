import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.js';
import { createOrgTree, createUser } from '../../test/factories.js';
import type { Database } from '../db/client.js';
import { outbox } from '../db/schema/platform.js';
import { TestClock } from './clock.js';
import { claimDue } from './outbox.repo.js';
import { enqueueOutbox, OutboxDispatcher, type OutboxLogger, type OutboxMessage, type Sender } from './outbox.js';

let database: Database;
let userId: number;
const clock = new TestClock();
const quiet: OutboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as OutboxLogger;

beforeAll(async () => {
  database = await openTestDatabase();
  const tree = await createOrgTree(database.db, 'O');
  userId = (await createUser(database.db, { username: 'outbox.user', homeNodeId: tree.communityA.id })).id;
});
afterAll(() => database.close());

/** Rows on a channel of the test's own, so nothing else claims them. */
async function enqueue(channel: string, count: number): Promise<void> {
  await database.db.transaction((tx) =>
    enqueueOutbox(
      tx,
      Array.from({ length: count }, (_, i) => ({ channel, recipientUserId: userId, payload: { n: i } })),
      clock.now(),
    ),
  );
}

const rowsOn = (channel: string) => database.db.select().from(outbox).where(eq(outbox.channel, channel)).orderBy(outbox.id);

class RecordingSender implements Sender {
  readonly delivered: number[] = [];
  constructor(
    readonly channel: string,
    private readonly fail: (message: OutboxMessage) => boolean = () => false,
  ) {}
  async send(message: OutboxMessage): Promise<void> {
    // Yield so that concurrent dispatchers really interleave.
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.fail(message)) throw new Error(`gateway refused message ${message.id}`);
    this.delivered.push(message.id);
  }
}

describe('OutboxDispatcher', () => {
  it('two dispatchers draining at once send every message exactly once', async () => {
    await enqueue('tally', 120);
    const shared = new RecordingSender('tally');
    const make = () => new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [shared], batchSize: 7 });
    const [a, b] = await Promise.all([make().drain(), make().drain()]);
    expect(a.sent + b.sent).toBe(120);
    expect(Math.min(a.sent, b.sent)).toBeGreaterThan(0); // they really ran side by side
    expect(shared.delivered).toHaveLength(120);
    expect(new Set(shared.delivered).size).toBe(120);
    const rows = await rowsOn('tally');
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sentAt !== null)).toBe(true);
  });

  it('only claims channels it has a sender for', async () => {
    await enqueue('sms', 1);
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [new RecordingSender('other')] });
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await rowsOn('sms'))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('retries a failing sender with growing backoff, then marks the message failed', async () => {
    await enqueue('flaky', 1);
    const sender = new RecordingSender('flaky', () => true);
    const dispatcher = new OutboxDispatcher({
      db: database.db,
      clock,
      log: quiet,
      senders: [sender],
      maxAttempts: 3,
      backoffMs: (attempts) => attempts * 60_000,
    });
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await rowsOn('flaky');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/gateway refused/);
    expect(row!.availableAt.getTime()).toBe(clock.now().getTime() + 60_000);

    // not due yet
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(60_000);
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await rowsOn('flaky');
    expect(row!.availableAt.getTime()).toBe(clock.now().getTime() + 120_000);

    clock.advance(120_000);
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 1 });
    [row] = await rowsOn('flaky');
    expect(row).toMatchObject({ status: 'failed', attempts: 3, sentAt: null });
    clock.advance(3_600_000);
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('a message that fails once is delivered on the retry', async () => {
    await enqueue('once', 1);
    let calls = 0;
    const sender = new RecordingSender('once', () => ++calls === 1);
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [sender] });
    expect((await dispatcher.drain()).retried).toBe(1);
    clock.advance(30_000);
    expect((await dispatcher.drain()).sent).toBe(1);
    expect((await rowsOn('once'))[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('a message claimed by a process that died is sent again once its lease runs out', async () => {
    await enqueue('lease', 1);
    // The other process claims the message and dies before sending it.
    const claimed = await claimDue(database.db, ['lease'], clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    expect(claimed).toHaveLength(1);
    const healthy = new RecordingSender('lease');
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [healthy] });
    expect((await dispatcher.drain()).sent).toBe(0);
    clock.advance(60_000);
    expect((await dispatcher.drain()).sent).toBe(1);
    expect((await rowsOn('lease'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a send that hangs times out and is retried later', async () => {
    await enqueue('hung', 1);
    const hung: Sender = { channel: 'hung', send: () => new Promise(() => undefined) };
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [hung], sendTimeoutMs: 50 });
    expect((await dispatcher.drain()).retried).toBe(1);
    expect((await rowsOn('hung'))[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: send timed out after 50 ms' });
  });

  it('kick delivers without being awaited; after stop kicks are ignored', async () => {
    await enqueue('kick', 2);
    const sender = new RecordingSender('kick');
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [sender] });
    dispatcher.kick();
    dispatcher.kick();
    await dispatcher.drain(); // waits for the kicked run
    expect(sender.delivered).toHaveLength(2);
    await dispatcher.stop();
    await enqueue('kick', 1);
    dispatcher.kick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sender.delivered).toHaveLength(2);
  });

  it('deletes sent messages after a week and keeps failed ones', async () => {
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log: quiet, senders: [] });
    expect(await dispatcher.purgeSent()).toBe(0); // everything was sent within the week
    clock.advance(8 * 24 * 3_600_000);
    expect(await dispatcher.purgeSent()).toBeGreaterThanOrEqual(120);
    expect(await rowsOn('tally')).toEqual([]);
    expect((await rowsOn('flaky'))[0]).toMatchObject({ status: 'failed' });
    expect((await rowsOn('sms'))[0]).toMatchObject({ status: 'pending' });
  });
});
