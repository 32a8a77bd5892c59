import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { OutboxDispatcher } from '../../platform/outbox.js';
import { ConsoleSender, PushSender } from '../../platform/outboxSenders.js';
import { createSmsSender } from '../../platform/smsSenders.js';

/**
 * The app's one outbox dispatcher, keyed by its AppContext. It belongs on AppContext itself (`ctx.outbox`);
 * until then services reach it through `outboxDispatcherOf(ctx)`.
 */
const dispatchers = new WeakMap<AppContext, OutboxDispatcher>();

export function installOutboxDispatcher(app: FastifyInstance, ctx: AppContext): OutboxDispatcher {
  const sms = createSmsSender(ctx.config.sms, ctx.personal, app.log.child({ module: 'notify.sms' }), ctx.config.dataDir, () => ctx.clock.now());
  const dispatcher = new OutboxDispatcher({
    db: ctx.db,
    clock: ctx.clock,
    log: app.log.child({ module: 'outbox' }),
    senders: [new PushSender(ctx.bus), new ConsoleSender(app.log.child({ module: 'notify.console' })), ...(sms ? [sms] : [])],
  });
  dispatchers.set(ctx, dispatcher);
  app.addHook('onReady', async () => {
    dispatcher.start();
    // Messages committed while no server was running.
    dispatcher.kick();
  });
  app.addHook('onClose', async () => dispatcher.stop());
  return dispatcher;
}

/** Call `.kick()` on it right after a transaction that called `notify` has committed. */
export function outboxDispatcherOf(ctx: AppContext): OutboxDispatcher {
  const dispatcher = dispatchers.get(ctx);
  if (!dispatcher) throw new Error('no outbox dispatcher: the notifications module is not registered on this app');
  return dispatcher;
}

/**
 * Let a context derived from the app's (the same services on another database handle: the demo runs them inside
 * one transaction, see src/demo/index.ts) reach the app's dispatcher.
 */
export function shareOutboxDispatcher(from: AppContext, to: AppContext): void {
  if (to !== from) dispatchers.set(to, outboxDispatcherOf(from));
}
