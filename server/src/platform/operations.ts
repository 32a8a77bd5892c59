import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../db/migrate.js';
import type { AppContext } from './context.js';
import { installMetrics } from './metrics.js';
import { installMultiProcess } from './multiProcess.js';

/** A database that does not answer within this long counts as unreachable. */
export const READY_CHECK_TIMEOUT_MS = 3_000;

/**
 * What an operator and a load balancer need from a process (docs/operations.md):
 * - `/healthz`: the process is alive and its event loop answers. No database query, so a database outage does
 *   not make an orchestrator restart every healthy process.
 * - `/readyz`: the database answers and every migration this build ships has been applied. 503 otherwise, and
 *   during shutdown (Fastify answers 503 to requests that arrive while it closes).
 * - `/metrics`: Prometheus, only when METRICS_TOKEN is set (platform/metrics.ts).
 * It also wires the multi-process parts (live event relay, job locks) when the database is PostgreSQL.
 */
export function installOperations(app: FastifyInstance, ctx: AppContext): void {
  const parts = installMultiProcess(app, ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    let pending: number;
    try {
      pending = await withTimeout(readiness(ctx), READY_CHECK_TIMEOUT_MS);
    } catch (err) {
      request.log.warn({ err }, 'readiness check: database unreachable');
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
    if (pending > 0) return reply.status(503).send({ status: 'unavailable', database: 'ok', pendingMigrations: pending });
    return { status: 'ok', database: 'ok', pendingMigrations: 0 };
  });

  if (ctx.config.metricsToken) installMetrics(app, ctx, parts, ctx.config.metricsToken);
}

async function readiness(ctx: AppContext): Promise<number> {
  await ctx.db.execute(sql`select 1`);
  return pendingMigrations(ctx.db);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
