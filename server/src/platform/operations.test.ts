import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, type TestApp } from '../../test/app.js';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { queryRows } from '../db/client.js';
import { RELEASE_JOB } from '../modules/rooms/noShows.js';
import { enqueueOutbox } from './outbox.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let t: TestApp;
let plain: TestApp;

beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN });
  plain = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  await plain?.close();
});

describe('/healthz and /readyz', () => {
  it('answers ready when the database answers and every migration is applied', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: 0 });
  });

  it('is not ready while a migration this build ships is missing from the database', async () => {
    const [last] = await queryRows<{ hash: string; created_at: string }>(
      t.database.db,
      sql`select hash, created_at from lianxin_migrations order by created_at desc limit 1`,
    );
    await t.database.db.execute(sql`delete from lianxin_migrations where hash = ${last!.hash}`);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: 'ok', pendingMigrations: 1 });
    } finally {
      await t.database.db.execute(sql`insert into lianxin_migrations (hash, created_at) values (${last!.hash}, ${last!.created_at})`);
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('stays alive without a database (healthz does not query it) while readyz says unavailable', async () => {
    // A second app on the same database, whose every query fails once `down` is set.
    let down = false;
    const db = new Proxy(plain.database.db, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (!down || typeof value !== 'function') return value;
        return () => Promise.reject(new Error('connect ECONNREFUSED'));
      },
    });
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), database: { ...plain.database, db }, clock: plain.clock, logger: false });
    try {
      await app.ready();
      down = true;
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    } finally {
      down = false;
      await app.close();
    }
  });
});

describe('/metrics', () => {
  it('does not exist unless METRICS_TOKEN is set', async () => {
    const res = await plain.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('not_found');
  });

  it('refuses a request without the token or with a wrong one', async () => {
    for (const headers of [{}, bearer('wrong-token-0123456789abcdef'), bearer(`${TOKEN}x`), { authorization: TOKEN }]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('metrics_token_required');
      expect(res.body).not.toContain('lianxin_http_requests_total');
    }
  });

  it('counts requests by route pattern, never by raw URL, and times them', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/api/v1/requests/918273', headers: bearer('nobody') });
    await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing/5550123' });
    const text = await scrape();
    expect(text).toContain('lianxin_http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('lianxin_http_requests_total{method="GET",route="/api/v1/requests/:id",status="401"} 1');
    expect(text).toContain('lianxin_http_requests_total{method="GET",route="(unmatched)",status="404"} 1');
    expect(text).toMatch(/lianxin_http_request_duration_seconds_count\{method="GET",route="\/healthz"\} 2/);
    expect(text).not.toContain('918273');
    expect(text).not.toContain('5550123');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('reports job runs, the outbox backlog and how long the oldest due message has waited', async () => {
    expect(await t.app.ctx.jobs.tick(RELEASE_JOB)).toBe('ok');
    // No sender handles "sms" yet, so these stay pending.
    await t.database.db.transaction((tx) =>
      enqueueOutbox(
        tx,
        [
          { channel: 'sms', recipientUserId: null, payload: { text: 'a' } },
          { channel: 'sms', recipientUserId: null, payload: { text: 'b' } },
        ],
        t.clock.now(),
      ),
    );
    t.clock.advance(90_000);
    const text = await scrape();
    expect(text).toContain(`lianxin_job_runs_total{job="${RELEASE_JOB}",outcome="ok"} 1`);
    expect(text).toContain('lianxin_outbox_pending{channel="sms"} 2');
    expect(text).toContain('lianxin_outbox_oldest_due_seconds 90');
    expect(text).toContain('lianxin_live_streams 0');
    if (t.database.kind === 'postgres') {
      expect(text).toContain('lianxin_db_pool_connections{state="max"} 5');
      expect(text).toContain('lianxin_live_relay_connected 1');
      expect(text).toContain('lianxin_jobs_held 1');
    }
  });

  it('refuses a short METRICS_TOKEN at start', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});

async function scrape(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}
