import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { servicesWorld } from '../../../../test/services.js';
import { dutyGapReports, dutySwaps, workshopOrders } from '../../../db/schema/services.js';
import { loadDemoPerson, type DemoSession } from '../../../platform/demo.js';
import { seedWorkshopDemo } from '../workshop/workshop.demo.js';
import { seedRosterDemo } from './roster.demo.js';

describe('the roster and workshop demos', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof servicesWorld>>;
  let session: DemoSession;
  beforeAll(async () => {
    t = await createTestApp();
    w = await servicesWorld(t, 'Rd');
    t.clock.set('2026-03-20T18:00:00+08:00');
    session = { ctx: t.app.ctx, clock: t.clock, until: t.clock.now(), out: { log: () => {}, tty: false }, person: (u) => loadDemoPerson(t.database.db, u) };
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  it('roster: a month in turn, one approved swap, one reported gap; idempotent', async () => {
    const r = await seedRosterDemo(session);
    expect(r.centers).toBe(2);
    expect(r.shifts).toBeGreaterThan(30);
    expect(r.swaps).toBeGreaterThanOrEqual(1);
    expect(r.gapsReported).toBeGreaterThanOrEqual(1);
    expect((await t.database.db.select().from(dutySwaps).where(eq(dutySwaps.status, 'approved'))).length).toBe(r.swaps);
    expect((await t.database.db.select().from(dutyGapReports)).map((g) => g.day)).toContain('2026-03-22');
    const today = (await t.app.inject({ method: 'GET', url: `/api/v1/services/duty/today?centerId=${w.centerA.id}` })).json();
    expect(today.people.length).toBeGreaterThan(0);
    expect((await seedRosterDemo(session)).centers).toBe(0);
  });

  it('workshop: the 青享+ providers with 20 services and orders in every state', async () => {
    const r = await seedWorkshopDemo(session);
    expect(r).toMatchObject({ skipped: false, providers: 7, services: 20, orders: 10 });
    const statuses = new Set((await t.database.db.select().from(workshopOrders)).map((o) => o.status));
    expect(statuses).toEqual(new Set(['done', 'confirmed', 'requested', 'declined', 'cancelled']));
    expect((await seedWorkshopDemo(session)).skipped).toBe(true);
  });
});
