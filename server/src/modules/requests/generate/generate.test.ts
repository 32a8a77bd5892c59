import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { requestWorld, type World } from '../../../../test/requests.js';
import { queryRows } from '../../../db/client.js';
import { generateRequests } from './history.js';

/** The bulk generator writes valid rows (every CHECK and foreign key holds) and counters that match a recount. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-06-30T18:00:00+08:00');
  w = await requestWorld(t, 'Gen');
});
afterAll(() => t.close());

interface Recount {
  received: number;
  on_time: number;
  followed_up: number;
  solved: number;
  satisfied: number;
  no_reply: number;
}

describe('generateRequests', () => {
  it('fills a half year of requests with progress, and the rates read from counters equal a recount', async () => {
    const progress: number[] = [];
    const grids = [w.tree.gridA1.id, w.tree.gridA2.id, w.tree.gridB1.id];
    const result = await generateRequests(t.database.db, {
      total: 3000,
      from: new Date('2026-01-01T00:00:00+08:00'),
      to: new Date('2026-06-30T18:00:00+08:00'),
      gridIds: grids,
      workersByGrid: new Map([[w.tree.gridA1.id, [w.id.gridA1]]]),
      batchSize: 700,
      seed: 7,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result.inserted).toBe(3000);
    expect(progress).toEqual([700, 1400, 2100, 2800, 3000]);
    const [rows] = await queryRows<{ n: number; statuses: number; events: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct status)::int as statuses, (select count(*)::int from request_events) as events from requests`,
    );
    expect(rows).toMatchObject({ n: 3000, statuses: 8, events: result.events });

    const [direct] = await queryRows<Recount>(
      t.database.db,
      sql`select count(*) filter (where status not in ('merged','rejected'))::int as received,
                 count(*) filter (where status not in ('merged','rejected') and responded_at <= response_due_at)::int as on_time,
                 count(*) filter (where follow_up_at is not null)::int as followed_up,
                 count(*) filter (where follow_up_solved)::int as solved,
                 count(*) filter (where satisfaction in ('satisfied','basically_satisfied'))::int as satisfied,
                 count(*) filter (where close_reason = 'no_reply')::int as no_reply
          from requests`,
    );
    const rates = (await w.api('town', 'GET', `/requests/rates?nodeId=${w.tree.town.id}&from=2026-01&to=2026-06`)).json();
    expect(rates.totals).toMatchObject({
      received: direct!.received,
      respondedOnTime: direct!.on_time,
      followedUp: direct!.followed_up,
      solved: direct!.solved,
      noReply: direct!.no_reply,
    });
    expect(rates.totals.satisfied + rates.totals.basicallySatisfied).toBe(direct!.satisfied);
    expect(rates.totals.responseRate).toBeGreaterThan(0.5);
    expect(rates.byMonth).toHaveLength(6);
    // The grid worker of A1 has tasks among the generated requests.
    const tasks = (await w.api('gridA1', 'GET', '/requests/tasks')).json();
    expect(tasks.total).toBeGreaterThan(0);
  });
});
