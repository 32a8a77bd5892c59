import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';

/** A stop signal is answered within this long, whatever is still running (orchestrators kill at 10–30 s). */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/** Requests still running this long before the deadline have their connections cut, so closing can finish. */
const CUT_BEFORE_DEADLINE_MS = 2_000;

export interface ShutdownOptions {
  app: FastifyInstance;
  database: Database;
  log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  deadlineMs?: number;
  /** process.exit in the server; tests pass their own. */
  exit?: (code: number) => void;
}

/**
 * Graceful shutdown, in order:
 * 1. stop taking connections (new ones are refused; a request arriving on a kept-alive one is answered 503, so
 *    /readyz fails and a proxy sends the traffic elsewhere);
 * 2. end the open event streams (preClose in the notifications module; each page reconnects to another
 *    process) and let the requests in flight finish;
 * 3. stop the job timers, wait for the job runs in progress, release the job locks, stop the outbox dispatcher
 *    and the live event listener (onClose hooks);
 * 4. close the database (PGlite writes its files), exit 0.
 * Past the deadline the process exits 1 anyway. Returns the function to call with the signal's name; calling it
 * again while shutting down does nothing more.
 */
export function gracefulShutdown(opts: ShutdownOptions): (signal: string) => Promise<void> {
  const deadlineMs = opts.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  const shutdown = async (signal: string): Promise<void> => {
    const started = performance.now();
    opts.log.info({ signal }, 'shutting down: refusing new requests, finishing those in flight');
    const hardStop = setTimeout(() => {
      opts.log.error({ deadlineMs }, 'shutdown did not finish in time; exiting anyway');
      exit(1);
    }, deadlineMs);
    hardStop.unref();
    const cut = setTimeout(() => {
      opts.log.error({}, 'requests still running near the shutdown deadline: closing their connections');
      opts.app.server.closeAllConnections();
    }, Math.max(0, deadlineMs - CUT_BEFORE_DEADLINE_MS));
    cut.unref();
    // A kept-alive connection whose request finishes during the shutdown would otherwise hold close() up for
    // Node's keep-alive timeout; close each one as soon as it goes idle.
    const sweep = setInterval(() => opts.app.server.closeIdleConnections(), 50);
    sweep.unref();
    let code = 0;
    try {
      await opts.app.close();
      await opts.database.close();
    } catch (err) {
      opts.log.error({ err }, 'shutdown failed');
      code = 1;
    } finally {
      clearInterval(sweep);
      clearTimeout(cut);
      clearTimeout(hardStop);
    }
    opts.log.info({ ms: Math.round(performance.now() - started) }, code === 0 ? 'shut down cleanly' : 'shut down with errors');
    exit(code);
  };
  return (signal) => (running ??= shutdown(signal));
}

/** Signals this soon after the first are echoes, not a second request. */
const ECHO_MS = 2_000;

/**
 * SIGTERM (orchestrators, systemd) and SIGINT (Ctrl-C) shut down gracefully; another one later kills at once.
 * Ctrl-C under `npm start` reaches the server up to three times at once (from the terminal to the whole process
 * group, and forwarded by npm and by scripts/start.mjs): repeats within two seconds are ignored, so they do not
 * cut the graceful shutdown short.
 */
export function shutdownOnSignals(shutdown: (signal: string) => Promise<void>, exit: (code: number) => void = (c) => process.exit(c)): void {
  let firstAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === null) {
      firstAt = now;
      void shutdown(signal);
    } else if (now - firstAt > ECHO_MS) {
      exit(signal === 'SIGINT' ? 130 : 143);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}
