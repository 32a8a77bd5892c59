import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createOrgTree, createUser } from '../../test/factories.js';
import { notifications, outbox } from '../db/schema/platform.js';
import { outboxDispatcherOf } from '../modules/notifications/notifications.dispatcher.js';
import type { LiveEvent } from './events.js';
import { notify } from './notifications.js';
import { OutboxDispatcher, type OutboxLogger } from './outbox.js';
import { ConsoleSender, maskNumbersInText } from './outboxSenders.js';

let t: TestApp;
let alice: { id: number };
let bob: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  const tree = await createOrgTree(t.database.db, 'N');
  alice = await createUser(t.database.db, { username: 'notify.alice', homeNodeId: tree.gridA1.id });
  bob = await createUser(t.database.db, { username: 'notify.bob', homeNodeId: tree.gridA1.id });
});
afterAll(() => t.close());

const inbox = (userId: number) => t.database.db.select().from(notifications).where(eq(notifications.userId, userId));
const outboxFor = (userId: number) => t.database.db.select().from(outbox).where(eq(outbox.recipientUserId, userId));

describe('notify', () => {
  it('writes nothing when the business transaction rolls back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await notify(tx, { userIds: [alice.id], kind: 'test.rollback', title: '不该出现' }, t.clock.now());
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    await outboxDispatcherOf(t.app.ctx).drain();
    expect(await inbox(alice.id)).toEqual([]);
    expect(await outboxFor(alice.id)).toEqual([]);
  });

  it('after commit and a drain the inbox has it and an open page got the push exactly once', async () => {
    const received: LiveEvent[] = [];
    const unsubscribe = t.app.ctx.bus.subscribeUser(bob.id, (e) => received.push(e));
    const { notificationIds } = await t.database.db.transaction((tx) =>
      notify(tx, { userIds: [bob.id, bob.id], kind: 'request.dispatched', title: ' 新工单 ', body: '请及时处理', link: '/console/requests/7' }, t.clock.now()),
    );
    expect(received).toEqual([]); // nothing before delivery
    const dispatcher = outboxDispatcherOf(t.app.ctx);
    await dispatcher.drain();
    await dispatcher.drain();
    unsubscribe();

    expect(notificationIds).toHaveLength(1); // duplicates in userIds notify once
    const rows = await inbox(bob.id);
    expect(rows).toEqual([expect.objectContaining({ id: notificationIds[0], title: '新工单', body: '请及时处理', readAt: null })]);
    expect(received).toEqual([
      {
        type: 'notification',
        data: {
          id: notificationIds[0],
          kind: 'request.dispatched',
          title: '新工单',
          body: '请及时处理',
          en: null,
          link: '/console/requests/7',
          createdAt: t.clock.now().toISOString(),
          readAt: null,
        },
      },
    ]);
    const messages = await outboxFor(bob.id);
    expect(messages.map((m) => [m.channel, m.status, m.attempts]).sort()).toEqual([
      ['console', 'sent', 1],
      ['push', 'sent', 1],
    ]);
  });

  it('carries the English the sender wrote to the live event, next to its own data', async () => {
    const received: LiveEvent[] = [];
    const unsubscribe = t.app.ctx.bus.subscribeUser(alice.id, (e) => received.push(e));
    const { notificationIds } = await t.database.db.transaction((tx) =>
      notify(
        tx,
        { userIds: [alice.id], kind: 'booking.approved', title: '预约已通过', en: { title: ' Booking approved ' }, data: { bookingId: 9 } },
        t.clock.now(),
      ),
    );
    await outboxDispatcherOf(t.app.ctx).drain();
    unsubscribe();
    expect(received.map((e) => e.data)).toEqual([expect.objectContaining({ id: notificationIds[0], title: '预约已通过', en: { title: 'Booking approved', body: '' } })]);
    const [row] = await inbox(alice.id).then((rows) => rows.filter((r) => r.id === notificationIds[0]));
    expect(row!.data).toEqual({ bookingId: 9, en: { title: 'Booking approved', body: '' } });
  });
});

describe('console sender', () => {
  it('logs the message with mobile and ID numbers masked', async () => {
    const lines: unknown[] = [];
    const log: OutboxLogger = {
      debug: (...args: unknown[]) => void lines.push(args),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    } as unknown as OutboxLogger;
    const dispatcher = new OutboxDispatcher({ db: t.database.db, clock: t.clock, log, senders: [new ConsoleSender(log)] });
    await t.database.db.transaction((tx) =>
      notify(
        tx,
        { userIds: [alice.id], kind: 'test.console', title: '回访提醒', body: '请拨打 13800138000 联系，身份证 150102199003071234', channels: ['console'] },
        t.clock.now(),
      ),
    );
    expect((await dispatcher.drain()).sent).toBe(1);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('138****8000');
    expect(logged).not.toContain('13800138000');
    expect(logged).not.toContain('150102199003071234');
  });

  it('masks only whole numbers', () => {
    expect(maskNumbersInText('订单号 213800138000999')).toBe('订单号 213800138000999');
    expect(maskNumbersInText('电话13900001111。')).toBe('电话139****1111。');
  });
});
