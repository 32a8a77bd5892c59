import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { queryRows } from '../db/client.js';
import type { AppContext } from './context.js';
import { errors } from './errors.js';
import type { MultiProcess } from './multiProcess.js';

/** Request latencies from 5 ms to 10 s: an API answer, a ledger page, an export start. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Prometheus metrics at GET /metrics, only when METRICS_TOKEN is set and only for a request carrying it as a
 * bearer token: request counts and latencies by route, the connection pool, job runs, the outbox backlog, open
 * live streams, plus Node's process metrics. Each app has its own registry, so tests can build several apps.
 * Route labels are route patterns (`/api/v1/requests/:id`), never raw URLs, so the label set stays small and
 * carries no ids.
 */
export function installMetrics(app: FastifyInstance, ctx: AppContext, parts: MultiProcess, token: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'lianxin_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'lianxin_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeLabel(request);
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const jobRuns = new Counter({
    name: 'lianxin_job_runs_total',
    help: 'Timer ticks of periodic jobs: ok, failed, or skipped (another process holds the job, or a run is still going)',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const jobSeconds = new Histogram({
    name: 'lianxin_job_duration_seconds',
    help: 'How long a periodic job run took',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  ctx.jobs.observe((job, outcome, seconds) => {
    jobRuns.inc({ job, outcome });
    if (outcome !== 'skipped') jobSeconds.observe({ job }, seconds);
  });

  const poolStats = ctx.database.poolStats;
  if (poolStats) {
    new Gauge({
      name: 'lianxin_db_pool_connections',
      help: 'Database pool connections by state (max is the configured size)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const s = poolStats();
        this.set({ state: 'max' }, s.max);
        this.set({ state: 'open' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'busy' }, s.total - s.idle);
      },
    });
    new Gauge({
      name: 'lianxin_db_pool_waiting',
      help: 'Queries waiting for a free pool connection',
      registers,
      collect() {
        this.set(poolStats().waiting);
      },
    });
  }

  new Gauge({
    name: 'lianxin_outbox_pending',
    help: 'Outbox messages waiting to be sent, by channel (due now or retrying later)',
    labelNames: ['channel'] as const,
    registers,
    async collect() {
      this.reset();
      const rows = await queryRows<{ channel: string; n: number }>(
        ctx.db,
        sql`select channel, count(*)::int as n from outbox where status = 'pending' group by channel`,
      );
      for (const row of rows) this.set({ channel: row.channel }, row.n);
    },
  });
  new Gauge({
    name: 'lianxin_outbox_oldest_due_seconds',
    help: 'How long the oldest message that is due has waited (0 when nothing is due): alert when it grows',
    registers,
    async collect() {
      const now = ctx.clock.now();
      const [row] = await queryRows<{ oldest: string | Date | null }>(
        ctx.db,
        sql`select min(available_at) as oldest from outbox where status = 'pending' and available_at <= ${now}`,
      );
      this.set(row?.oldest ? Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'lianxin_live_streams',
    help: 'Open live event streams (SSE) in this process',
    registers,
    collect() {
      this.set(ctx.bus.subscriptionCount());
    },
  });
  if (parts.relay) {
    const relay = parts.relay;
    new Gauge({
      name: 'lianxin_live_relay_connected',
      help: '1 while the LISTEN connection that brings other processes\' live events is up',
      registers,
      collect() {
        this.set(relay.connected ? 1 : 0);
      },
    });
  }
  if (parts.locks) {
    const locks = parts.locks;
    new Gauge({
      name: 'lianxin_jobs_held',
      help: 'Periodic jobs this process runs (holds the lock of)',
      registers,
      collect() {
        this.set(locks.heldNames().length);
      },
    });
  }

  const expected = digest(token);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = bearerOf(request);
    if (given === null || !timingSafeEqual(digest(given), expected)) throw errors.metricsTokenRequired();
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
  return registry;
}

function routeLabel(request: FastifyRequest): string {
  // Unmatched URLs (404s, scanners) share one label instead of one each.
  return request.routeOptions.url ?? '(unmatched)';
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Compare digests, not the strings: equal length, and no timing hint about the token. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
