import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import { AdvisoryJobLocks } from './jobLocks.js';
import { PgLiveRelay } from './liveRelay.js';

/** The parts that let several server processes share one PostgreSQL; both null on PGlite (one process). */
export interface MultiProcess {
  relay: PgLiveRelay | null;
  locks: AdvisoryJobLocks | null;
}

const installed = new WeakMap<AppContext, MultiProcess>();

/**
 * On PostgreSQL: live events travel between processes over LISTEN/NOTIFY, and each periodic job runs in one
 * process at a time under an advisory lock (docs/adr/0011). On PGlite the in-process bus and the plain timers
 * stay as they are. Jobs log through the app's logger either way.
 */
export function installMultiProcess(app: FastifyInstance, ctx: AppContext): MultiProcess {
  ctx.jobs.configure({ log: app.log.child({ module: 'jobs' }) });
  const connect = ctx.database.connectDedicated;
  if (!connect) {
    const none = { relay: null, locks: null };
    installed.set(ctx, none);
    return none;
  }
  const relay = new PgLiveRelay({
    bus: ctx.bus,
    connect,
    log: app.log.child({ module: 'live' }),
    async notify(channel, payloads) {
      if (payloads.length === 1) {
        await ctx.db.execute(sql`select pg_notify(${channel}, ${payloads[0]})`);
        return;
      }
      // One transaction: the pieces are delivered together at commit, or not at all.
      await ctx.db.transaction(async (tx) => {
        for (const payload of payloads) await tx.execute(sql`select pg_notify(${channel}, ${payload})`);
      });
    },
  });
  ctx.bus.setRelay(relay);
  app.addHook('onReady', async () => relay.start());
  app.addHook('onClose', async () => relay.stop());

  const locks = new AdvisoryJobLocks(connect, app.log.child({ module: 'jobs' }));
  // JobRunner.stop() (app.ts, onClose) waits for the runs in progress, then releases the locks.
  ctx.jobs.configure({ gate: locks });

  const parts = { relay, locks };
  installed.set(ctx, parts);
  return parts;
}

export function multiProcessOf(ctx: AppContext): MultiProcess {
  return installed.get(ctx) ?? { relay: null, locks: null };
}
